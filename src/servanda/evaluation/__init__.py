"""Evaluation: what an instrument does with a stream of events.

``engine`` (the :class:`~servanda.evaluation.engine.Evaluator` protocol and the engine registry),
``results`` (result and trace types shared by every engine), the reference engine (``reference``,
``firing``, ``activation``, ``conflicts``, ``explanations``) and ``scenarios`` (events are read by ``servanda.sources``).
"""
