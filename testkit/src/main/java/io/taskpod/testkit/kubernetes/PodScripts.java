package io.taskpod.testkit.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/** The behaviours a test scripted for pods, first match wins; a script with a use limit expires when used up. */
final class PodScripts {

    private static final class Script {
        private final Predicate<Pod> which;
        private final NodeBehaviour behaviour;
        private int remaining;

        Script(Predicate<Pod> which, NodeBehaviour behaviour, int times) {
            this.which = which;
            this.behaviour = behaviour;
            this.remaining = times;
        }
    }

    private final List<Script> scripts = new ArrayList<>();

    /** @param times how many pods the script applies to; {@link Integer#MAX_VALUE} for all */
    synchronized void add(Predicate<Pod> which, NodeBehaviour behaviour, int times) {
        scripts.add(new Script(which, behaviour, times));
    }

    synchronized NodeBehaviour choose(Pod pod) {
        Iterator<Script> iterator = scripts.iterator();
        while (iterator.hasNext()) {
            Script script = iterator.next();
            if (script.which.test(pod)) {
                if (script.remaining != Integer.MAX_VALUE && --script.remaining <= 0) {
                    iterator.remove();
                }
                return script.behaviour;
            }
        }
        return NodeBehaviour.run();
    }
}
