/**
 * Test support for the example command modules: {@link org.thrjob.modules.testkit.ExampleServers}
 * (in process, one server per provider), {@link org.thrjob.modules.testkit.ChildServer} (a
 * server process with a module on its module path) and {@link org.thrjob.modules.testkit.Calls}.
 */
package org.thrjob.modules.testkit;
