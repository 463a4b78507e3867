// Checks the TCK reports of every stack that ran (gmavenplus, phase verify).
//
// Surefire already fails the build on a TCK failure or error; this adds what
// it cannot see: that each stack ran the whole TCK (tck.expectedTests tests,
// tck.expectedTests.S for stack S), that nothing was skipped, and that the
// TCK excluded no test besides dummyTest. The TCK reports an excluded test, or
// a test of an optional feature the provider says it lacks, as passed; the
// only trace is an "===== EXCLUDING TEST" line in the test output, which is
// counted here.
//
// The annotation tests (package org.jsr107.tck.annotation) get a check of
// their own: they are excluded as a block whenever no CDI BeanProvider loads
// (harness missing, Weld failing to start), so in every stack they must all
// run (tck.expectedAnnotationTests) and none may be excluded, whatever
// tck.maxExcluded.S allows.

import javax.xml.parsers.DocumentBuilderFactory

def prop = { String key ->
    session.userProperties.getProperty(key) ?: session.systemProperties.getProperty(key) ?: project.properties.getProperty(key)
}
def isSet = { String key -> def v = prop(key); v != null && !v.trim().equalsIgnoreCase('false') }

def stacks = (project.properties.getProperty('tck.stacks.run') ?: '').split(',').findAll { it }
if (stacks.isEmpty() || isSet('skipTests') || isSet('maven.test.skip')) {
    log.info('TCK report check: no stack ran')
    return
}
// a -Dtest filter runs part of the TCK: check for failures, not for counts
def filtered = prop('test') != null
def annotationPackage = 'org.jsr107.tck.annotation.'
def expectedAnnotationTests = Integer.parseInt(prop('tck.expectedAnnotationTests'))

def factory = DocumentBuilderFactory.newInstance()
def problems = []
stacks.each { stack ->
    def dir = new File(project.build.directory, "tck-${stack}")
    def reports = (dir.listFiles() ?: []).findAll { it.name.startsWith('TEST-') && it.name.endsWith('.xml') }
    if (reports.isEmpty()) {
        problems << "${stack}: no surefire report in ${dir}"
        return
    }
    int tests = 0, failures = 0, errors = 0, skipped = 0, annotationTests = 0
    reports.each { file ->
        def suite = factory.newDocumentBuilder().parse(file).documentElement
        def count = { String name -> suite.getAttribute(name) ? Integer.parseInt(suite.getAttribute(name)) : 0 }
        tests += count('tests')
        if (suite.getAttribute('name').startsWith(annotationPackage)) {
            annotationTests += count('tests')
        }
        failures += count('failures')
        errors += count('errors')
        skipped += count('skipped')
    }
    def excluded = []
    (dir.listFiles() ?: []).findAll { it.name.endsWith('-output.txt') }.sort { it.name }.each { file ->
        file.eachLine('UTF-8') { line ->
            def m = line =~ /===== EXCLUDING TEST '([^']+)'\s+'([^']+)'/
            if (m.find()) {
                excluded << "${m.group(1)}#${m.group(2)}".toString()
            }
        }
    }
    def expectedTests = Integer.parseInt(prop("tck.expectedTests.${stack}".toString()) ?: prop('tck.expectedTests'))
    def maxExcluded = Integer.parseInt(prop("tck.maxExcluded.${stack}".toString()) ?: prop('tck.maxExcluded'))
    def excludedAnnotationTests = excluded.findAll { it.startsWith(annotationPackage) }

    log.info("TCK stack ${stack}: tests ${tests} (annotation tests ${annotationTests}), failures ${failures}, errors ${errors}, skipped ${skipped}, excluded ${excluded.size()}")
    excluded.each { log.info("TCK stack ${stack}:   excluded ${it}") }

    if (!filtered && tests != expectedTests) {
        problems << "${stack}: ${tests} tests ran, expected ${expectedTests}"
    }
    if (!filtered && annotationTests != expectedAnnotationTests) {
        problems << "${stack}: ${annotationTests} annotation tests ran, expected ${expectedAnnotationTests}"
    }
    if (excludedAnnotationTests) {
        problems << "${stack}: ${excludedAnnotationTests.size()} annotation tests excluded: no CDI BeanProvider loaded (see the annotation tests' output)"
    }
    if (failures + errors > 0) {
        problems << "${stack}: ${failures} failures, ${errors} errors"
    }
    if (skipped > 0) {
        problems << "${stack}: ${skipped} tests skipped"
    }
    if (excluded.size() > maxExcluded) {
        problems << "${stack}: ${excluded.size()} tests excluded, at most ${maxExcluded} allowed (tck.maxExcluded): ${excluded.join(', ')}"
    }
}
if (problems) {
    throw new IllegalStateException('TCK check failed:\n  ' + problems.join('\n  '))
}
log.info("TCK report check passed: ${stacks.join(', ')}")
