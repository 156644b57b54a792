package io.capstan.common.server;

import java.util.Objects;

/**
 * One command-line flag, named as upstream names it ({@code --secure-port}), and the configuration
 * key it overrides ({@code server.port}).
 *
 * @param name         the flag without dashes
 * @param configKey    the Helidon config key it sets
 * @param defaultValue shown in {@code --help}; the real default lives in {@code application.yaml}
 * @param help         one sentence for {@code --help}
 * @param bool         true for a switch that may be given without a value ({@code --leader-elect})
 */
public record Flag(String name, String configKey, String defaultValue, String help, boolean bool) {

    public Flag {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(configKey, "configKey");
        if (name.startsWith("-")) {
            throw new IllegalArgumentException("flag names have no dashes: " + name);
        }
    }

    /** This flag with another default shown in {@code --help}. */
    public Flag withDefault(String value) {
        return new Flag(name, configKey, value, help, bool);
    }

    /** A flag that takes a value. */
    public static Flag of(String name, String configKey, String defaultValue, String help) {
        return new Flag(name, configKey, defaultValue, help, false);
    }

    /** A boolean switch: {@code --name}, {@code --name=true} or {@code --name=false}. */
    public static Flag bool(String name, String configKey, boolean defaultValue, String help) {
        return new Flag(name, configKey, Boolean.toString(defaultValue), help, true);
    }
}
