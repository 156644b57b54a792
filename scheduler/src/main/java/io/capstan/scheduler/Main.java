package io.capstan.scheduler;

import io.capstan.common.server.ServiceLauncher;

/** Starts the Capstan scheduler. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        ServiceLauncher.main(new SchedulerService(), args);
    }
}
