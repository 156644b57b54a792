package io.capstan.controllermanager;

import io.capstan.common.server.ServiceLauncher;

/** Starts the Capstan controller manager. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        ServiceLauncher.main(new ControllerManagerService(), args);
    }
}
