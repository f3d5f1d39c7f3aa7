/**
 * Redis's blockonbackground test module: {@link org.thrjob.modules.block.BlockModule}.
 */
package org.thrjob.modules.block;
