package dev.jdora.cli.graph;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The minified Mermaid bundle from the {@code org.webjars.npm:mermaid} webjar on the classpath. The version is read
 * from the webjar's own {@code pom.properties}, so upgrading the dependency needs no change here.
 */
final class MermaidLibrary {

    private static final String POM_PROPERTIES = "/META-INF/maven/org.webjars.npm/mermaid/pom.properties";
    private static final String SCRIPT = "/META-INF/resources/webjars/mermaid/%s/dist/mermaid.min.js";

    private MermaidLibrary() {
    }

    /**
     * Reads the script (about 3 MB) from the classpath; blocks on I/O.
     *
     * @throws IllegalStateException if the webjar is not on the classpath
     */
    static String script() {
        String path = SCRIPT.formatted(version());
        try (InputStream in = open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** The webjar's version, e.g. {@code 11.14.0}. */
    static String version() {
        Properties properties = new Properties();
        try (InputStream in = open(POM_PROPERTIES)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + POM_PROPERTIES, e);
        }
        String version = properties.getProperty("version");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException("no version in " + POM_PROPERTIES);
        }
        return version.trim();
    }

    private static InputStream open(String resource) {
        InputStream in = MermaidLibrary.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("mermaid webjar missing from the classpath: no " + resource);
        }
        return in;
    }
}
