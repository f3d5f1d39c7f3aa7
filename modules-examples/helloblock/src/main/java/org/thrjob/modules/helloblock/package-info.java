/**
 * Redis's helloblock example module: {@link org.thrjob.modules.helloblock.HelloBlockModule}.
 */
package org.thrjob.modules.helloblock;
