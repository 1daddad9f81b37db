package io.taskpod.app.dag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** The example DAG files bundled in taskpod's jar under {@code examples/dags/}. */
final class ExampleDagFiles {

    static final String FOLDER = "examples/dags/";

    private ExampleDagFiles() {}

    /** Resource names ({@code examples/dags/x.yaml}) of the bundled examples, sorted. */
    static List<String> list() {
        URL folder = ExampleDagFiles.class.getClassLoader().getResource(FOLDER);
        if (folder == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try {
            if ("file".equals(folder.getProtocol())) {
                try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
                    files.map(p -> FOLDER + p.getFileName()).filter(DagFileLoader::isDagFileName).forEach(names::add);
                }
            } else {
                URLConnection connection = folder.openConnection();
                connection.setUseCaches(false);
                if (connection instanceof JarURLConnection jar) {
                    try (JarFile file = jar.getJarFile()) {
                        for (JarEntry entry : Collections.list(file.entries())) {
                            String name = entry.getName();
                            if (name.startsWith(FOLDER) && name.indexOf('/', FOLDER.length()) < 0
                                    && DagFileLoader.isDagFileName(name)) {
                                names.add(name);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the bundled example DAGs", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot list the bundled example DAGs", e);
        }
        Collections.sort(names);
        return names;
    }

    /** The text of a bundled example, or empty when there is no such resource. */
    static Optional<String> read(String resourceName) {
        try (InputStream in = ExampleDagFiles.class.getClassLoader().getResourceAsStream(resourceName)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled example " + resourceName, e);
        }
    }
}
