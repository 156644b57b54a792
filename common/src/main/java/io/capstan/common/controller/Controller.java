package io.capstan.common.controller;

import io.capstan.common.informer.ResourceEventHandler;
import io.capstan.common.informer.SharedInformer;
import io.capstan.common.workqueue.Clock;
import io.capstan.common.workqueue.RateLimiter;
import io.capstan.common.workqueue.RateLimitingQueue;
import io.capstan.common.workqueue.RateLimitingWorkQueue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a {@link Reconciler} with N workers over a {@link RateLimitingQueue} of {@link Request}s fed by
 * informer events, as controller-runtime's controller. Workers start once the informers synced.
 *
 * <pre>{@code
 * Controller c = Controller.builder("replicaset")
 *         .forResource(replicaSets)
 *         .owns(pods)
 *         .workers(2)
 *         .build(reconciler);
 * c.start();
 * }</pre>
 */
public final class Controller implements Component {
    private static final Logger LOG = Logger.getLogger(Controller.class.getName());

    private final String name;
    private final Reconciler reconciler;
    private final RateLimitingQueue<Request> queue;
    private final List<SharedInformer<?>> informers;
    private final int workers;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean started;

    private Controller(Builder b, Reconciler reconciler) {
        this.name = b.name;
        this.reconciler = reconciler;
        this.workers = b.workers;
        this.informers = List.copyOf(b.informers);
        this.queue = RateLimitingWorkQueue.create(b.name, b.rateLimiter != null ? b.rateLimiter
                : RateLimiter.defaultControllerRateLimiter(b.clock), b.clock, b.registry);
        b.wirings.forEach(w -> w.accept(queue));
    }

    /** Starts building a controller; {@code name} tags its logs and workqueue metrics. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The controller's name. */
    public String name() {
        return name;
    }

    /** The queue, to add requests by hand (e.g. from a timer). */
    public RateLimitingQueue<Request> queue() {
        return queue;
    }

    /** True when every informer the controller watches has synced. */
    public boolean hasSynced() {
        return informers.stream().allMatch(SharedInformer::hasSynced);
    }

    /** Waits for the informers in the background, then starts the workers. Informers are started elsewhere. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        threads.add(Thread.ofVirtual().name("controller-" + name + "-sync").start(() -> {
            try {
                while (!hasSynced()) {
                    if (queue.shuttingDown()) {
                        return;
                    }
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                return;
            }
            LOG.info("controller " + name + ": caches synced, starting " + workers + " worker(s)");
            synchronized (this) {
                for (int i = 0; i < workers && !queue.shuttingDown(); i++) {
                    threads.add(Thread.ofVirtual().name("controller-" + name + "-worker-" + i).start(this::work));
                }
            }
        }));
    }

    private void work() {
        while (true) {
            Request request;
            try {
                request = queue.get();
            } catch (InterruptedException e) {
                return;
            }
            if (request == null) {
                return;
            }
            try {
                process(request);
            } finally {
                queue.done(request);
            }
        }
    }

    /** One reconcile and its bookkeeping; package-private so tests can drive it synchronously. */
    void process(Request request) {
        Result result;
        try {
            result = reconciler.reconcile(request);
        } catch (Exception e) {
            int retries = queue.numRequeues(request);
            LOG.log(retries < 3 ? Level.INFO : Level.WARNING,
                    "controller " + name + ": reconcile " + request + " failed (retry " + (retries + 1) + "): " + e, e);
            queue.addRateLimited(request);
            return;
        }
        if (!result.delay().isZero()) {
            queue.forget(request);
            queue.addAfter(request, result.delay());
        } else if (result.shouldRequeue()) {
            queue.addRateLimited(request);
        } else {
            queue.forget(request);
        }
    }

    /** Stops the workers after their current reconcile; waits up to 10 seconds for them. */
    @Override
    public void close() {
        queue.shutDown();
        List<Thread> all;
        synchronized (this) {
            all = new ArrayList<>(threads);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (Thread t : all) {
            try {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    t.join(Duration.ofNanos(left));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Builds a {@link Controller}; reads like a sentence, fails fast in {@link #build}. */
    public static final class Builder {
        private final String name;
        private final List<SharedInformer<?>> informers = new ArrayList<>();
        private final List<java.util.function.Consumer<RateLimitingQueue<Request>>> wirings = new ArrayList<>();
        private String forKind;
        private String forGroup;
        private boolean forNamespaced;
        private int workers = 1;
        private RateLimiter<Request> rateLimiter;
        private Clock clock = Clock.system();
        private MeterRegistry registry;

        private Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a controller needs a name");
            }
            this.name = name;
        }

        /** The primary resource: each of its events queues the object's own request. */
        public <T extends HasMetadata> Builder forResource(SharedInformer<T> informer) {
            if (forKind != null) {
                throw new IllegalStateException("controller " + name + " already has a primary resource");
            }
            forKind = HasMetadata.getKind(informer.type());
            forGroup = Objects.toString(HasMetadata.getGroup(informer.type()), "");
            forNamespaced = Namespaced.class.isAssignableFrom(informer.type());
            return watches(informer, o -> List.of(new Request(o.getMetadata().getNamespace(), o.getMetadata().getName())));
        }

        /**
         * A resource the primary one owns: each event queues the object's controlling owner when it is
         * of the primary kind (in the owned object's namespace, or none for a cluster-scoped owner).
         */
        public <T extends HasMetadata> Builder owns(SharedInformer<T> informer) {
            if (forKind == null) {
                throw new IllegalStateException("call forResource before owns");
            }
            String kind = forKind;
            String group = forGroup;
            boolean namespaced = forNamespaced;
            return watches(informer, o -> {
                List<Request> out = new ArrayList<>();
                for (OwnerReference ref : o.getMetadata().getOwnerReferences()) {
                    if (Boolean.TRUE.equals(ref.getController()) && kind.equals(ref.getKind())
                            && Objects.equals(group, groupOf(ref.getApiVersion()))) {
                        out.add(new Request(namespaced ? o.getMetadata().getNamespace() : "", ref.getName()));
                    }
                }
                return out;
            });
        }

        /** Any resource: each event queues the requests {@code mapper} returns for the object. */
        public <T extends HasMetadata> Builder watches(SharedInformer<T> informer, Function<? super T, List<Request>> mapper) {
            informers.add(informer);
            wirings.add(queue -> informer.addEventHandler(new ResourceEventHandler<T>() {
                @Override
                public void onAdd(T object) {
                    mapper.apply(object).forEach(queue::add);
                }

                @Override
                public void onUpdate(T oldObject, T newObject) {
                    mapper.apply(oldObject).forEach(queue::add);
                    mapper.apply(newObject).forEach(queue::add);
                }

                @Override
                public void onDelete(T object) {
                    mapper.apply(object).forEach(queue::add);
                }
            }));
            return this;
        }

        /** How many requests are reconciled at once (default 1). */
        public Builder workers(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("workers must be at least 1, got " + count);
            }
            this.workers = count;
            return this;
        }

        /** The retry pacing (default: client-go's DefaultControllerRateLimiter). */
        public Builder rateLimiter(RateLimiter<Request> limiter) {
            this.rateLimiter = limiter;
            return this;
        }

        /** The clock of the queue (default: the system clock). */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c);
            return this;
        }

        /** Where workqueue metrics go (default: nowhere). */
        public Builder meterRegistry(MeterRegistry r) {
            this.registry = r;
            return this;
        }

        /** The controller; its event handlers are registered now. */
        public Controller build(Reconciler reconciler) {
            Objects.requireNonNull(reconciler, "reconciler");
            if (informers.isEmpty()) {
                throw new IllegalStateException("controller " + name + " watches nothing; call forResource or watches");
            }
            return new Controller(this, reconciler);
        }

        private static String groupOf(String apiVersion) {
            if (apiVersion == null) {
                return "";
            }
            int slash = apiVersion.indexOf('/');
            return slash < 0 ? "" : apiVersion.substring(0, slash);
        }
    }
}
