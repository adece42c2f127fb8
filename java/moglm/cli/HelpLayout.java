package moglm.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The one help layout of every sub-command, Kaldi's:
 * <pre>
 * Description (wrapped to the terminal; the first sentence is the summary in 'moglm --help').
 *
 * Usage: moglm lattice-scale [options] &lt;lattice-rspecifier&gt; &lt;lattice-wspecifier&gt;
 *  e.g.: moglm lattice-scale --acoustic-scale=0.1 ark:1.lats ark:scaled.lats
 *
 * Options:
 *   --acoustic-scale=FLOAT  Scaling factor for acoustic likelihoods.
 *                             Default: 1.0
 * </pre>
 * A command declares its usage line as {@code customSynopsis} and its examples as {@code footer}
 * (one command per element, printed as written: never re-wrapped, so quoted specifiers stay
 * whole), and its option descriptions without the default, which is appended from the option's
 * value.
 */
final class HelpLayout {
    private HelpLayout() {}

    static final String DESCRIPTION = "moglmDescription", USAGE = "moglmUsage", EXAMPLES = "moglmExamples",
            ARGUMENTS = "moglmArguments";

    /** Applies the layout to one sub-command. */
    static void apply(CommandLine cl) {
        UsageMessageSpec u = cl.getCommandSpec().usageMessage();
        u.showDefaultValues(true);
        Map<String, CommandLine.IHelpSectionRenderer> map = cl.getHelpSectionMap();
        map.put(DESCRIPTION, help -> help.description().stripTrailing() + System.lineSeparator());   // wrapped by picocli
        map.put(USAGE, help -> System.lineSeparator() + usageLine(help.commandSpec()) + System.lineSeparator());
        map.put(EXAMPLES, help -> examples(help.commandSpec()));
        map.put(ARGUMENTS, help -> hasArgumentHelp(help.commandSpec())
                ? System.lineSeparator() + "Arguments:" + System.lineSeparator() + help.parameterList() : "");
        cl.setHelpSectionKeys(List.of(DESCRIPTION, USAGE, EXAMPLES,
                CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING,
                CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, ARGUMENTS));
        u.optionListHeading(System.lineSeparator() + "Options:%n");
    }

    /** {@code Usage: <customSynopsis>}, as written. */
    static String usageLine(CommandSpec spec) {
        String[] s = spec.usageMessage().customSynopsis();
        String line = s.length > 0 ? String.join(" ", s) : "moglm " + spec.name() + " [options]";
        return "Usage: " + line.strip();
    }

    /** The footer's examples, one per element, printed as written after {@code " e.g.: "}. */
    static String examples(CommandSpec spec) {
        String[] f = spec.usageMessage().footer();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < f.length; i++) {
            sb.append(i == 0 ? " e.g.: " : "       ").append(f[i]).append(System.lineSeparator());
        }
        return sb.toString();
    }

    private static boolean hasArgumentHelp(CommandSpec spec) {
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.description().length > 0 && !p.description()[0].isBlank()) return true;
        }
        return false;
    }
}
