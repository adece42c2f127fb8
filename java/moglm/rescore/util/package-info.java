/**
 * Primitive collections for the rescorers' hot loops ({@link moglm.rescore.util.LongIntMap}).
 *
 * <p>Depends on: nothing in moglm.
 */
package moglm.rescore.util;
