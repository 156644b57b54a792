package io.capstan.common.informer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.client.ListOptions;
import io.capstan.common.client.ResourceInterface;
import io.capstan.common.client.Watch;

/** Lists and watches one resource, as client-go's {@code cache.ListerWatcher}. */
public interface ListerWatcher {

    /** Lists the resource (one page when {@code options} has a limit). */
    ObjectNode list(ListOptions options);

    /** Opens a watch. */
    Watch watch(ListOptions options);

    /** Lists and watches {@code resource}, adding {@code selectors}' label and field selectors to every call. */
    static ListerWatcher forResource(ResourceInterface resource, ListOptions selectors) {
        return new ListerWatcher() {
            @Override
            public ObjectNode list(ListOptions options) {
                return resource.list(options.withLabelSelector(selectors.labelSelector())
                        .withFieldSelector(selectors.fieldSelector()));
            }

            @Override
            public Watch watch(ListOptions options) {
                return resource.watch(options.withLabelSelector(selectors.labelSelector())
                        .withFieldSelector(selectors.fieldSelector()));
            }
        };
    }
}
