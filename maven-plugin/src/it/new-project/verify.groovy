// What the three invocations of invoker.properties must have shown (all of them write build.log)
def log = new File(basedir, 'build.log').getText('UTF-8')

def expect = { String text, String why ->
    assert log.contains(text): "build.log lacks '${text}' (${why})"
}
// 1: mvn verify
expect('Tests run: 2, Failures: 0, Errors: 0, Skipped: 0', 'the NodeTestHarness tests of the new project ran')
// 2: mvn jdora:check jdora:graph jdora:run (it succeeded: each jdora command ended with exit status 0)
assert new File(basedir, 'app/target/dataflow.html').isFile(): 'jdora:graph wrote no target/dataflow.html'
expect('square 100 (sum 385)', 'the sink got every square: 1 + 4 + ... + 100')
expect('10 squares, sum 385; stop: ALL_INPUTS_CLOSED', 'the sink ended because its input closed')
// 3: mvn jdora:check -Djdora.dataflow=missing.yml
expect('jdora check failed with exit status 2 (a user error)', 'a user error fails the build')
expect('missing.yml', "jdora's own message names the file")
assert !(log =~ /(?m)^\s+at [\w.$]+\(/): 'a stack trace in build.log'
// nested Maven runs in batch mode and jdora sees no terminal: no colour codes anywhere
assert !log.contains('\u001b['): 'ANSI colour codes in build.log'
true
