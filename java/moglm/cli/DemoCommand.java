package moglm.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code moglm demo}: the README's first command; shows the native library works end to end. */
@Command(name = "demo", description = "Print the native kernel library and BLAS in use.")
public final class DemoCommand implements Callable<Integer> {
    @Override public Integer call() {
        System.out.println("moglm kernel abi " + moglm.kernel.Native.abi_version()
                + ", BLAS core " + moglm.kernel.Native.blas_corename()
                + ", threads " + moglm.kernel.Native.get_num_threads());
        return 0;
    }
}
