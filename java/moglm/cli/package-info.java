/**
 * The {@code moglm} command line: {@link moglm.cli.Main} registers every sub-command by class,
 * {@link moglm.cli.common.MoglmCommand} is the one error, abort and log path (command-line echo,
 * {@code LOG|WARNING|ERROR (moglm <command>)} lines, Kaldi exit codes), {@code HelpLayout} the one
 * help layout, {@link moglm.cli.common.ThreadsOption} the {@code --threads} option of computing commands,
 * {@link moglm.cli.common.Progress} the periodic progress lines. Sub-packages hold the commands by area.
 *
 * <p>May depend on every other moglm package (it is the top layer); nothing depends on it.
 */
package moglm.cli;
