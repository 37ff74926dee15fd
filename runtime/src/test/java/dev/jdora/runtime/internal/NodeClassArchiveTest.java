package dev.jdora.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jdora.core.internal.OwnerOnly;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache and key of the class-data archive of node JVMs, without starting any: where it lives, what it refuses,
 * when the key changes. That the archive is built once, reused and rebuilt is {@code NodeClassArchiveProcessTest}'s.
 */
class NodeClassArchiveTest {

    @TempDir
    Path dir;

    private Path jar(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void theArchiveCoversTheJarsAtTheStartOfTheClassPathOnly() throws IOException {
        Path a = jar("a.jar", "a");
        Path b = jar("b.jar", "b");
        Path classes = Files.createDirectory(dir.resolve("classes"));
        Path c = jar("c.jar", "c");
        assertThat(NodeClassArchive.leadingJars(List.of(a.toString(), b.toString(), classes.toString(),
                c.toString()))).containsExactly(a, b);
        assertThat(NodeClassArchive.leadingJars(List.of(classes.toString(), a.toString()))).isEmpty();
        assertThat(NodeClassArchive.leadingJars(List.of(dir.resolve("missing.jar").toString()))).isEmpty();
    }

    @Test
    void theKeyChangesWithAJarsTimeOrSizeAndWithTheJvmOptions() throws IOException {
        Path a = jar("a.jar", "a");
        List<String> options = List.of("-XX:+UseSerialGC");
        String key = NodeClassArchive.key(List.of(a), options);
        assertThat(NodeClassArchive.key(List.of(a), options)).isEqualTo(key);
        assertThat(NodeClassArchive.key(List.of(a), List.of("-XX:+UseG1GC"))).isNotEqualTo(key);
        Files.setLastModifiedTime(a, FileTime.fromMillis(Files.getLastModifiedTime(a).toMillis() - 10_000));
        String touched = NodeClassArchive.key(List.of(a), options);
        assertThat(touched).isNotEqualTo(key);
        Files.writeString(a, "a longer jar");
        Files.setLastModifiedTime(a, FileTime.fromMillis(Files.getLastModifiedTime(a).toMillis() - 10_000));
        assertThat(NodeClassArchive.key(List.of(a), options)).isNotEqualTo(touched);
        assertThat(key).startsWith("node-" + Runtime.version().feature() + "-");
    }

    @Test
    void theCacheIsCreatedOwnerOnly() throws IOException {
        Path cds = NodeClassArchive.directory(Map.of(NodeClassArchive.CACHE_ENV, dir.resolve("a/b/jdora").toString()));
        assertThat(cds).isEqualTo(dir.resolve("a/b/jdora/cds"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cds))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cds.getParent())))
                .isEqualTo("rwx------");
        assertThat(NodeClassArchive.directory(Map.of(NodeClassArchive.CACHE_ENV, dir.resolve("a/b/jdora")
                .toString()))).isEqualTo(cds);
    }

    @Test
    void theCacheDefaultsToTheUsersCacheDirectory() {
        assertThat(NodeClassArchive.cacheBase(Map.of("XDG_CACHE_HOME", "/somewhere/cache")))
                .isEqualTo(Path.of("/somewhere/cache/jdora"));
        assertThat(NodeClassArchive.cacheBase(Map.of("XDG_CACHE_HOME", "relative")))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "jdora"));
    }

    @Test
    void aCacheDirectoryOthersCouldWriteIsRefusedAndTheNodesGoWithout() throws IOException {
        Path open = Files.createDirectory(dir.resolve("open"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertRefused(open, "mode");
    }

    @Test
    void aSymbolicLinkAsCacheDirectoryIsRefused() throws IOException {
        Path target = Files.createDirectory(dir.resolve("target"), PosixFilePermissions.asFileAttribute(
                OwnerOnly.DIRECTORY));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        assertRefused(link, "symbolic link");
    }

    @Test
    void aCacheDirectoryOfAnotherUserIsRefused() throws IOException, InterruptedException {
        Path theirs = Files.createDirectory(dir.resolve("theirs"), PosixFilePermissions.asFileAttribute(
                OwnerOnly.DIRECTORY));
        Process chown = new ProcessBuilder("chown", "65534", theirs.toString()).redirectErrorStream(true).start();
        assumeTrue(chown.waitFor() == 0, "only root can give a directory to another user");
        assertRefused(theirs, "owned by");
    }

    private void assertRefused(Path cache, String reason) throws IOException {
        Map<String, String> env = Map.of(NodeClassArchive.CACHE_ENV, cache.toString());
        assertThatThrownBy(() -> NodeClassArchive.directory(env)).isInstanceOf(FileSystemException.class)
                .hasMessageContaining(cache.toString()).hasMessageContaining(reason);
        Path jar = jar("x.jar", "x");
        NodeClassSharing sharing = NodeClassArchive.prepare(List.of(jar.toString()), List.of(), "shm", env);
        assertThat(sharing).isEqualTo(NodeClassSharing.NONE);
    }

    @Test
    void offTurnsItOffAndAClassPathWithoutLeadingJarsNeedsNoCache() throws IOException {
        Path a = jar("a.jar", "a");
        Path cache = dir.resolve("cache");
        assertThat(NodeClassArchive.prepare(List.of(a.toString()), List.of(), "shm",
                Map.of(NodeClassArchive.SWITCH_ENV, "off", NodeClassArchive.CACHE_ENV, cache.toString())))
                .isEqualTo(NodeClassSharing.NONE);
        assertThat(NodeClassArchive.prepare(List.of(dir.toString(), a.toString()), List.of(), "shm",
                Map.of(NodeClassArchive.CACHE_ENV, cache.toString()))).isEqualTo(NodeClassSharing.NONE);
        assertThat(cache).doesNotExist();
    }
}
