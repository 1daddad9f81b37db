package io.taskpod.app.dag;

import io.taskpod.core.dag.Dag;
import io.taskpod.core.dag.DagBag;
import io.taskpod.core.dag.DagLoadError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Loads DAG files ({@code *.yaml}, {@code *.yml}) from the DAGs folder and, optionally, the examples bundled in
 * taskpod's jar ({@code classpath:examples/dags/…}). A broken file becomes a load error; the others still load.
 * A file is parsed again only when it changed (modification time, size or file identity): a scheduler that reloads
 * the folder every {@code dag_dir_list_interval} keeps the same {@link Dag} objects for unchanged files.
 */
public final class DagFileLoader {

    /** Prefix of the relative file location of a bundled example DAG. */
    public static final String CLASSPATH_PREFIX = "classpath:";

    private final DagFileParser parser;
    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    /** A file's DAGs as parsed when the file looked like {@code version}. */
    private record Parsed(Object version, DagBag bag) {}

    public DagFileLoader(DagDefaults defaults) {
        this.parser = new DagFileParser(defaults);
    }

    /** {@link #loadAll(Path, boolean, Map)} knowing no earlier files. */
    public DagBag loadAll(Path dagsFolder, boolean includeExamples) {
        return loadAll(dagsFolder, includeExamples, Map.of());
    }

    /**
     * Every DAG file in {@code dagsFolder} (recursively; hidden files and folders skipped), plus the bundled
     * examples when asked. A DAG id defined in several files stays with the file {@code knownFiles} names for it (the
     * one it was first loaded from), else with the first in path order (examples last); each other file declaring it
     * gets a load error.
     */
    public DagBag loadAll(Path dagsFolder, boolean includeExamples, Map<String, String> knownFiles) {
        List<DagBag> bags = new ArrayList<>();
        List<DagLoadError> errors = new ArrayList<>();
        for (Path file : dagFiles(dagsFolder, errors)) {
            bags.add(readFile(dagsFolder, dagsFolder.relativize(file).toString()));
        }
        if (includeExamples) {
            for (String resource : ExampleDagFiles.list()) {
                bags.add(loadFile(dagsFolder, CLASSPATH_PREFIX + resource));
            }
        }
        Map<String, Dag> owners = new LinkedHashMap<>();
        for (DagBag bag : bags) {
            for (Dag dag : bag.dags().values()) {
                Dag first = owners.get(dag.dagId());
                boolean known = dag.relativeFileloc().equals(knownFiles.get(dag.dagId()));
                if (first == null || (known && !first.relativeFileloc().equals(knownFiles.get(dag.dagId())))) {
                    owners.put(dag.dagId(), dag);
                }
            }
        }
        Map<String, Dag> dags = new LinkedHashMap<>();
        for (DagBag bag : bags) {
            errors.addAll(bag.errors());
            for (Dag dag : bag.dags().values()) {
                Dag owner = owners.get(dag.dagId());
                if (owner == dag) {
                    dags.put(dag.dagId(), dag);
                } else {
                    errors.add(new DagLoadError(dag.fileloc().toString(), Optional.empty(), Optional.of("dag_id"),
                            "DAG id '" + dag.dagId() + "' is already defined in " + owner.fileloc()
                                    + "; this one is ignored"));
                }
            }
        }
        return new DagBag(dags, errors);
    }

    /** The DAGs of one file, given as recorded in {@link Dag#relativeFileloc()}: what a worker loads. */
    public DagBag loadFile(Path dagsFolder, String relativeFileloc) {
        if (relativeFileloc.startsWith(CLASSPATH_PREFIX)) {
            String resource = relativeFileloc.substring(CLASSPATH_PREFIX.length());
            Parsed example = parsed.get(relativeFileloc);
            if (example != null) {
                return example.bag();
            }
            Optional<String> text = ExampleDagFiles.read(resource);
            if (text.isEmpty()) {
                return failed(relativeFileloc, "no bundled example DAG file " + resource);
            }
            DagBag bag = toBag(parser.parse(relativeFileloc, Path.of(relativeFileloc), text.get()));
            parsed.put(relativeFileloc, new Parsed(resource, bag));
            return bag;
        }
        return readFile(dagsFolder, relativeFileloc);
    }

    /**
     * The text of the file a loaded DAG came from (a bundled example's resource for examples), as it is now; empty
     * when the file is gone or cannot be read.
     */
    public static Optional<String> sourceOf(Dag dag) {
        if (dag.relativeFileloc().startsWith(CLASSPATH_PREFIX)) {
            return ExampleDagFiles.read(dag.relativeFileloc().substring(CLASSPATH_PREFIX.length()));
        }
        try {
            return Optional.of(Files.readString(dag.fileloc(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** One DAG of one file, or empty when the file does not hold it (its load errors are in {@link #loadFile}). */
    public Optional<Dag> loadDag(Path dagsFolder, String relativeFileloc, String dagId) {
        return loadFile(dagsFolder, relativeFileloc).dag(dagId);
    }

    static boolean isDagFileName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".yaml") || lower.endsWith(".yml");
    }

    private DagBag readFile(Path dagsFolder, String relativeFileloc) {
        Path file = dagsFolder.resolve(relativeFileloc).normalize();
        String text;
        Object version;
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            version = List.of(attributes.lastModifiedTime(), attributes.size(), Objects.toString(attributes.fileKey()));
            Parsed earlier = parsed.get(file.toString());
            if (earlier != null && earlier.version().equals(version)) {
                return earlier.bag();
            }
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            return failed(file.toString(), "not UTF-8 text");
        } catch (IOException e) {
            return failed(file.toString(), "cannot read the file: " + e.getMessage());
        }
        DagBag bag = toBag(parser.parse(relativeFileloc, file, text));
        parsed.put(file.toString(), new Parsed(version, bag));
        return bag;
    }

    private static List<Path> dagFiles(Path dagsFolder, List<DagLoadError> errors) {
        if (!Files.isDirectory(dagsFolder)) {
            return List.of();
        }
        // A folder that is a link (git-sync's, switched to each new checkout) is walked where it points now; the
        // files keep their paths under the link, so workers resolve them against the link too.
        try {
            Path root = dagsFolder.toRealPath();
            try (Stream<Path> walk = Files.walk(root)) {
                return walk.filter(Files::isRegularFile)
                        .map(root::relativize)
                        .filter(p -> isDagFileName(p.getFileName().toString()))
                        .filter(p -> !hidden(p))
                        .map(dagsFolder::resolve)
                        .sorted()
                        .toList();
            }
        } catch (IOException e) {
            errors.add(new DagLoadError(dagsFolder.toString(), Optional.empty(), Optional.empty(),
                    "cannot list the DAGs folder: " + e.getMessage()));
            return List.of();
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static DagBag toBag(DagFileParser.Result result) {
        Map<String, Dag> dags = new LinkedHashMap<>();
        List<DagLoadError> errors = new ArrayList<>(result.errors());
        for (Dag dag : result.dags()) {
            if (dags.putIfAbsent(dag.dagId(), dag) != null) {
                errors.add(new DagLoadError(dag.fileloc().toString(), Optional.empty(), Optional.of("dag_id"),
                        "DAG id '" + dag.dagId() + "' appears twice in this file; the second is ignored"));
            }
        }
        return new DagBag(dags, errors);
    }

    private static DagBag failed(String file, String reason) {
        return new DagBag(Map.of(), List.of(new DagLoadError(file, Optional.empty(), Optional.empty(), reason)));
    }
}
