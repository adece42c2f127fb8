/**
 * Small helpers every layer may use: atomic file writes ({@link moglm.util.AtomicFile}).
 *
 * <p>Depends on: nothing in moglm.
 */
package moglm.util;
