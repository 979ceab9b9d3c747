"""Test support code: a loopback fake of Discord (see ``tests.support.fakediscord``)."""
