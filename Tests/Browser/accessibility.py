"""axe-core in the browser tests: a page passes with no serious or critical violation.

axe-core comes with PyPI's axe-selenium-python, which scripts/test installs. Run alone without
it, the pages are not checked and the tests say so once.
"""
import sys

try:
    from axe_selenium_python import Axe
except ImportError:
    Axe = None
    print("axe-selenium-python is not installed: pages are not checked by axe-core", file=sys.stderr)


def assert_accessible(test, browser, name):
    """Fails `test` with axe-core's report when the page has a serious or critical violation."""
    if Axe is None:
        return
    axe = Axe(browser)
    axe.inject()
    found = [violation for violation in axe.run()["violations"] if violation["impact"] in ("serious", "critical")]
    test.assertEqual(found, [], f"{name}: " + axe.report(found))
