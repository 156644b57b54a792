package io.capstan.e2e;

import io.capstan.common.testing.RequiredProgram;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.support.AnnotationSupport;

import java.nio.file.Path;

/**
 * Starts a {@link LocalControlPlane} before a {@link ControlPlane} test class and stops it after,
 * keeping the processes' logs under {@code e2e/target/e2e-logs/<class>/} and printing their tails when
 * a test failed. Needs kubectl (and etcd for {@link StorageBackend#ETCD}) on PATH: skipped loudly when
 * missing, failed when {@code CI=true}.
 */
public final class ControlPlaneExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver, TestWatcher {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ControlPlaneExtension.class);
    private static final int TAIL_LINES = 40;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Class<?> testClass = context.getRequiredTestClass();
        StorageBackend storage = AnnotationSupport.findAnnotation(testClass, ControlPlane.class)
                .map(ControlPlane::storage).orElse(StorageBackend.SQLITE);
        java.util.List<String> apiserverArgs = AnnotationSupport.findAnnotation(testClass, ControlPlane.class)
                .map(a -> java.util.List.of(a.apiserverArgs())).orElse(java.util.List.of());
        Path kubectl = RequiredProgram.require("kubectl", "the end-to-end tests drive the control plane with it");
        Path etcd = storage == StorageBackend.ETCD
                ? RequiredProgram.require("etcd", "the etcd-backed end-to-end tests run a real etcd (Debian: etcd-server)")
                : null;
        Path logDir = logRoot().resolve(testClass.getSimpleName());
        try {
            LocalControlPlane plane = LocalControlPlane.start(storage, apiserverArgs, repositoryRoot(), logDir, kubectl, etcd);
            context.getStore(NAMESPACE).put(LocalControlPlane.class, plane);
        } catch (Exception e) {
            // The processes were stopped; their logs say why, and are printed here since no test will run.
            System.err.println("The control plane for " + testClass.getSimpleName() + " did not start: " + e.getMessage());
            printTails(logDir);
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LocalControlPlane plane = context.getStore(NAMESPACE).remove(LocalControlPlane.class, LocalControlPlane.class);
        if (plane == null) {
            return;
        }
        try {
            if (Boolean.TRUE.equals(context.getStore(NAMESPACE).get("failed", Boolean.class))) {
                System.err.println("A test of " + context.getRequiredTestClass().getSimpleName()
                        + " failed; the control plane's logs (all kept in " + plane.logDir() + "):"
                        + plane.logTails(TAIL_LINES));
            }
        } finally {
            plane.close();
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        // Recorded on the class's store, which afterAll reads.
        context.getParent().orElse(context).getStore(NAMESPACE).put("failed", Boolean.TRUE);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalControlPlane.class || type == Kubectl.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LocalControlPlane plane = context.getStore(NAMESPACE).get(LocalControlPlane.class, LocalControlPlane.class);
        if (plane == null) {
            throw new ParameterResolutionException("no control plane is running for " + context.getDisplayName());
        }
        return parameter.getParameter().getType() == Kubectl.class ? plane.kubectl() : plane;
    }

    /** The repository root: {@code -Dcapstan.e2e.repository} (the e2e pom sets it), else the parent of the working directory. */
    static Path repositoryRoot() {
        String configured = System.getProperty("capstan.e2e.repository");
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
        return root.toAbsolutePath().normalize();
    }

    private static Path logRoot() {
        String configured = System.getProperty("capstan.e2e.logs");
        return configured != null ? Path.of(configured)
                : repositoryRoot().resolve("e2e").resolve("target").resolve("e2e-logs");
    }

    private static void printTails(Path logDir) {
        for (String name : java.util.stream.Stream.concat(java.util.stream.Stream.of("etcd"),
                LocalControlPlane.SERVICES.stream()).toList()) {
            Path log = logDir.resolve(name + ".log");
            if (java.nio.file.Files.isRegularFile(log)) {
                System.err.println("\n===== last " + TAIL_LINES + " lines of " + log + "\n" + ManagedProcess.tail(log, TAIL_LINES));
            }
        }
    }
}
