"""Urvalsdata: validate a framework agreement's supplier catalogue and publish it as a static site.

The data flows one way: load -> validate -> model -> render -> write -> index.
"""
