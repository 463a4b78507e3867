// Chooses which TCK stacks run (gmavenplus, phase validate).
//
// A stack S is the surefire execution with id "tck-S" in tck/pom.xml. The
// property tck.stacks (default "all") is a comma-separated list of stack
// names, or "all". For every stack this sets the project property
// tck.skip.S, which that execution's <skip> reads, and it deletes the
// report directory of every stack that is going to run, so that the report
// check never reads an earlier build's reports. An unknown name fails the
// build before any test runs.

def prop = { String key ->
    session.userProperties.getProperty(key) ?: session.systemProperties.getProperty(key) ?: project.properties.getProperty(key)
}
def isTrue = { String key -> def v = prop(key); v != null && (v.trim().isEmpty() || v.trim().equalsIgnoreCase('true')) }

def surefire = project.build.plugins.find { it.key == 'org.apache.maven.plugins:maven-surefire-plugin' }
def known = (surefire?.executions ?: [])*.id.findAll { it.startsWith('tck-') }.collect { it.substring('tck-'.length()) }
if (known.isEmpty()) {
    throw new IllegalStateException('no surefire execution with an id tck-<stack> in ' + project.file)
}

def requested = (prop('tck.stacks') ?: '').split(',')*.trim().findAll { it }
if (requested.isEmpty() || requested.contains('all')) {
    requested = known
}
def unknown = requested - known
if (unknown) {
    throw new IllegalArgumentException("tck.stacks names unknown stack(s) ${unknown.join(', ')}; known stacks: ${known.join(', ')} (or all)")
}
// -Dmaven.test.skip overrides <skip>, which every tck-* execution sets itself
def skipAll = isTrue('maven.test.skip')

def run = known.findAll { !skipAll && requested.contains(it) }
known.each { stack ->
    def skip = !run.contains(stack)
    project.properties.setProperty("tck.skip.${stack}".toString(), String.valueOf(skip))
    if (!skip) {
        new File(project.build.directory, "tck-${stack}").deleteDir()
    }
}
project.properties.setProperty('tck.stacks.run', run.join(','))
log.info("TCK stacks: ${run ? run.join(', ') : 'none'} (known: ${known.join(', ')})")
