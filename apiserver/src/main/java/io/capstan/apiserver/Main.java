package io.capstan.apiserver;

import io.capstan.common.server.ServiceLauncher;

/** Entry point of {@code capstan-apiserver}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        ServiceLauncher.main(new ApiServerService(), args);
    }
}
