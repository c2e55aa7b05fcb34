"""`python -m fact_audit` runs the same CLI as the `fact-audit` console script."""

from .cli import main

if __name__ == "__main__":
    main()
