/**
 * The blocking-commands guide's example: {@link org.thrjob.modules.helloseed.HelloSeedModule}.
 */
package org.thrjob.modules.helloseed;
