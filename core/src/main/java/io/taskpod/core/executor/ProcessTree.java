package io.taskpod.core.executor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a process together with every process it started. The tree is read before signalling, so children
 * that are re-parented when their parent dies are still reached.
 */
public final class ProcessTree {

    private ProcessTree() {}

    /**
     * Sends SIGTERM to {@code root} and its descendants, waits up to {@code grace} for all of them to exit, then
     * sends SIGKILL to whatever is left (including processes started in the meantime). Returns true when
     * everything exited within the grace period.
     */
    public static boolean terminate(ProcessHandle root, Duration grace) {
        return terminateAll(List.of(root), grace);
    }

    /** {@link #terminate} for several roots at once: one grace period for all of them. */
    public static boolean terminateAll(Collection<ProcessHandle> roots, Duration grace) {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        roots.forEach(root -> tree.addAll(snapshot(root)));
        tree.forEach(ProcessHandle::destroy);
        boolean exited = awaitExit(tree, grace);
        if (!exited) {
            roots.forEach(root -> kill(root, tree));
        }
        return exited;
    }

    /** Sends SIGKILL to {@code root} and every descendant at once. */
    public static void kill(ProcessHandle root) {
        kill(root, Set.of());
    }

    /** Waits up to {@code timeout} for every given process to exit; true when they all did. */
    public static boolean awaitExit(Set<ProcessHandle> processes, Duration timeout) {
        List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
        for (ProcessHandle process : processes) {
            exits.add(process.onExit());
        }
        try {
            CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new)).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return processes.stream().noneMatch(ProcessHandle::isAlive);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code root} and its descendants as they are now. */
    public static Set<ProcessHandle> snapshot(ProcessHandle root) {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        return tree;
    }

    private static void kill(ProcessHandle root, Set<ProcessHandle> known) {
        Set<ProcessHandle> all = new LinkedHashSet<>(known);
        all.addAll(snapshot(root));
        for (ProcessHandle process : known) {
            if (process.isAlive()) {
                process.descendants().forEach(all::add);
            }
        }
        all.forEach(ProcessHandle::destroyForcibly);
    }
}
