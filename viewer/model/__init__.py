"""The replay model: loading every format into an immutable, typed Replay. Imports no Qt."""

from viewer.model.errors import LoadError
from viewer.model.replay import Replay, load_replay

__all__ = ["LoadError", "Replay", "load_replay"]
