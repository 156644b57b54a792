package io.capstan.e2e;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the test class against a whole local control plane: the four Capstan services (and etcd for
 * {@link StorageBackend#ETCD}) as separate processes on free ports, started once for the class. Test
 * methods take a {@link LocalControlPlane} or a {@link Kubectl} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(ControlPlaneExtension.class)
public @interface ControlPlane {
    /** The API server's storage backend. */
    StorageBackend storage() default StorageBackend.SQLITE;

    /** Extra API server flags, e.g. {@code --etcd-compaction-interval=0}. */
    String[] apiserverArgs() default {};
}
