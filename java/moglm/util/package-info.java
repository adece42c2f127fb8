/**
 * Small helpers every layer may use: atomic file writes ({@link moglm.util.AtomicFile}) and
 * strict JSON-lines records ({@link moglm.util.JsonLine}).
 *
 * <p>Depends on: nothing in moglm.
 */
package moglm.util;
