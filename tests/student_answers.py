"""Answers a student might hand to a check: a stub, a crash, a hang."""


def stub(*args):
    ...


def raises(*args):
    raise RuntimeError("boom")


def loops(*args):
    while True:
        pass
