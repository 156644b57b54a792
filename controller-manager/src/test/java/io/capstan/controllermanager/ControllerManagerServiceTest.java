package io.capstan.controllermanager;

import io.capstan.common.server.ServiceLauncher;
import io.capstan.common.server.UsageException;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControllerManagerServiceTest {

    @Test
    void controllersFlagFollowsUpstreamSyntax() {
        assertEquals(Set.of("clusterrole-aggregation", "garbagecollector", "namespace", "serviceaccount", "serviceaccount-token",
                "root-ca-cert-publisher"), ControllerManagerService.enabledControllers("*"));
        assertEquals(Set.of("serviceaccount"), ControllerManagerService.enabledControllers("serviceaccount"));
        assertEquals(Set.of("clusterrole-aggregation", "garbagecollector", "namespace", "serviceaccount-token", "root-ca-cert-publisher"),
                ControllerManagerService.enabledControllers("*,-serviceaccount"));
        assertEquals(Set.of(), ControllerManagerService.enabledControllers("-namespace,-serviceaccount"));
        UsageException e = assertThrows(UsageException.class, () -> ControllerManagerService.enabledControllers("bogus"));
        assertTrue(e.getMessage().contains("bogus"));
    }

    @Test
    void leaderElectTimingsThatBreakTheInvariantsAndMissingKubeconfigAreUsageErrors() {
        UsageException le = assertThrows(UsageException.class, () -> ServiceLauncher.start(new ControllerManagerService(),
                new String[] {"--secure-port=0", "--master=http://127.0.0.1:1", "--leader-elect-renew-deadline=20s"}, false));
        assertTrue(le.getMessage().contains("--leader-elect"), le.getMessage());
        UsageException none = assertThrows(UsageException.class, () -> ServiceLauncher.start(new ControllerManagerService(),
                new String[] {"--secure-port=0"}, false));
        assertTrue(none.getMessage().contains("--kubeconfig"), none.getMessage());
    }
}
