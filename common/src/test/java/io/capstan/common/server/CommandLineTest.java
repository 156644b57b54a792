package io.capstan.common.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class CommandLineTest {
    private static final List<Flag> FLAGS = List.of(
            Flag.of("secure-port", "server.port", "6443", "the port on which to serve HTTP"),
            Flag.of("kubeconfig", "client.kubeconfig", "", "path to a kubeconfig file"),
            Flag.bool("leader-elect", "leader.elect", false, "start a leader election client"),
            Flag.of("v", "log.v", "2", "log level verbosity"));
    private static final CommandLine CLI = new CommandLine("capstan-test", "A test program.", FLAGS);

    static Stream<Arguments> parses() {
        return Stream.of(
                arguments(new String[] {}, Map.of()),
                arguments(new String[] {"--secure-port=8443"}, Map.of("server.port", "8443")),
                arguments(new String[] {"--secure-port", "8443"}, Map.of("server.port", "8443")),
                arguments(new String[] {"--kubeconfig="}, Map.of("client.kubeconfig", "")),
                arguments(new String[] {"--kubeconfig=/a=b"}, Map.of("client.kubeconfig", "/a=b")),
                arguments(new String[] {"--kubeconfig", "--leader-elect"}, Map.of("client.kubeconfig", "--leader-elect")),
                arguments(new String[] {"--leader-elect"}, Map.of("leader.elect", "true")),
                arguments(new String[] {"--leader-elect=true"}, Map.of("leader.elect", "true")),
                arguments(new String[] {"--leader-elect=false"}, Map.of("leader.elect", "false")),
                arguments(new String[] {"--leader-elect", "--v=4"}, Map.of("leader.elect", "true", "log.v", "4")),
                arguments(new String[] {"--v=1", "--v", "5"}, Map.of("log.v", "5")),
                arguments(new String[] {"--secure-port", "0", "--kubeconfig=k", "--leader-elect=false"},
                        Map.of("server.port", "0", "client.kubeconfig", "k", "leader.elect", "false")));
    }

    @ParameterizedTest
    @MethodSource("parses")
    void parsesFlagsIntoConfigOverrides(String[] args, Map<String, String> expected) {
        assertEquals(expected, CLI.parse(args));
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                arguments(new String[] {"--bogus=1"}, "unknown flag: --bogus"),
                arguments(new String[] {"--bogus"}, "unknown flag: --bogus"),
                arguments(new String[] {"--secure-port"}, "flag --secure-port needs a value"),
                arguments(new String[] {"--leader-elect", "--kubeconfig"}, "flag --kubeconfig needs a value"),
                arguments(new String[] {"stray"}, "unexpected argument \"stray\""),
                arguments(new String[] {"-x"}, "unexpected argument \"-x\""),
                arguments(new String[] {"--leader-elect", "true"}, "unexpected argument \"true\""));
    }

    @ParameterizedTest
    @MethodSource("usageErrors")
    void usageErrorsNameTheProblemAndHelp(String[] args, String problem) {
        UsageException e = assertThrows(UsageException.class, () -> CLI.parse(args));
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertTrue(e.getMessage().contains("capstan-test --help"), e.getMessage());
    }

    @Test
    void aSwitchTakesOnlyTrueOrFalse() {
        UsageException e = assertThrows(UsageException.class, () -> CLI.parse(new String[] {"--leader-elect=yes"}));
        assertTrue(e.getMessage().contains("--leader-elect") && e.getMessage().contains("\"yes\""), e.getMessage());
    }

    @Test
    void helpListsEveryFlagWithItsHelpAndDefault() {
        String help = CLI.help();
        assertTrue(help.startsWith("A test program.\n"), help);
        assertTrue(help.contains("Usage:\n  capstan-test [flags]"), help);
        for (Flag f : FLAGS) {
            assertTrue(help.contains("--" + f.name()), f.name());
            assertTrue(help.contains(f.help()), f.help());
        }
        assertTrue(help.contains("--secure-port string"), help);
        assertTrue(help.contains("(default 6443)"), help);
        String kubeconfigLine = help.lines().filter(l -> l.startsWith("  --kubeconfig")).findFirst().orElseThrow();
        assertFalse(kubeconfigLine.contains("(default"), "an empty default is not shown: " + kubeconfigLine);
        assertTrue(help.contains("-h, --help"), help);
    }

    @Test
    void wantsHelpOnAnyHelpSpelling() {
        assertTrue(CommandLine.wantsHelp(new String[] {"--help"}));
        assertTrue(CommandLine.wantsHelp(new String[] {"--v=2", "-h"}));
        assertTrue(CommandLine.wantsHelp(new String[] {"help"}));
        assertFalse(CommandLine.wantsHelp(new String[] {"--v=2"}));
        assertFalse(CommandLine.wantsHelp(new String[] {}));
    }
}
