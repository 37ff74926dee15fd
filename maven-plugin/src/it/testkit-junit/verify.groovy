// Both consumer projects ran their two tests, each on its own JUnit (runsOnTheProjectsOwnJUnit checks which)
['junit5', 'junit6'].each { module ->
    def report = new File(basedir,
            "${module}/target/surefire-reports/TEST-org.example.consumer.TestkitConsumerTest.xml")
    assert report.isFile(): "${module}: no test report"
    def suite = new groovy.xml.XmlSlurper().parse(report)
    assert suite.@tests.toString() == '2' && suite.@failures.toString() == '0' && suite.@errors.toString() == '0' \
            && suite.@skipped.toString() == '0': "${module}: ${suite.@tests} tests, ${suite.@failures} failures, " \
            + "${suite.@errors} errors, ${suite.@skipped} skipped"
}
def log = new File(basedir, 'build.log').getText('UTF-8')
assert !log.contains('\u001b['): 'ANSI colour codes in build.log'
true
