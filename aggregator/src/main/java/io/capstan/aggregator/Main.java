package io.capstan.aggregator;

import io.capstan.common.server.ServiceLauncher;

/** Entry point of {@code capstan-aggregator}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        ServiceLauncher.main(new AggregatorService(), args);
    }
}
