/**
 * Redis's blockedclient test module: {@link org.thrjob.modules.blockedclient.BlockedClientModule}.
 */
package org.thrjob.modules.blockedclient;
