// jdora new, as a user runs it, writes the project that invoker.properties then builds and runs
def status = dev.jdora.cli.Main.execute('new', new File(basedir, 'app').path, '--group', 'org.example.it',
        '--package', 'org.example.it.hello')
assert status == 0: "jdora new exited with status ${status}"
assert new File(basedir, 'app/src/main/java/org/example/it/hello/Counter.java').isFile()
true
