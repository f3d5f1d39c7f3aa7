/**
 * Redis's blockonkeys test module: {@link org.thrjob.modules.blockonkeys.BlockOnKeysModule} and
 * its data type {@link org.thrjob.modules.blockonkeys.FixedSizeList}.
 */
package org.thrjob.modules.blockonkeys;
