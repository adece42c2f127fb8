/**
 * What every {@code moglm} command shares: {@link moglm.cli.common.MoglmCommand} (the one error,
 * abort and log path: command-line echo, {@code LOG|WARNING|ERROR (moglm <command>)} lines
 * through {@link moglm.cli.common.Log}, Kaldi exit codes), {@link moglm.cli.common.ThreadsOption}
 * ({@code --threads} of computing commands) and {@link moglm.cli.common.Progress} (periodic
 * progress lines). Depends on no other {@code moglm.cli} package.
 */
package moglm.cli.common;
