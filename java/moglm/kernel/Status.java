package moglm.kernel;

/**
 * Turns a native status code into a Java exception carrying the native message: 1 (invalid
 * argument) -> IllegalArgumentException, 2 (invalid state) -> IllegalStateException, anything
 * else non-zero -> IllegalStateException naming the failure (e.g. out of native memory).
 */
public final class Status {
    private Status() {}

    public static void check(int status) {
        if (status == 0) return;
        String msg = Native.last_error();
        switch (status) {
            case 1: throw new IllegalArgumentException(msg);
            case 2: throw new IllegalStateException(msg);
            default: throw new IllegalStateException("native kernel failure: " + msg);
        }
    }
}
