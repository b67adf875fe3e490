"""`check-pr`: judge a pull request's change of the catalogue against a git base."""
