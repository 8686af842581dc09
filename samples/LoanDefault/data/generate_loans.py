#!/usr/bin/env python3
"""Generates loans.csv, the synthetic data set of the LoanDefault sample.

Deterministic: a fixed 64-bit LCG (no dependency on Python's random module), so the same bytes come out
on every machine and Python version. The CSV is committed; run this only to change the data, then update
hash, bytes and rows in loans.mlguard.json (and bump its version).

    python3 generate_loans.py > loans.csv
"""
import math
import sys

ROWS = 400


class Lcg:
    """Knuth's MMIX linear congruential generator."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFFFFFFFFFF

    def uniform(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        return (self.state >> 11) / float(1 << 53)

    def normal(self, mean, sd):
        # Box-Muller; 1 - u keeps the logarithm finite.
        u1, u2 = self.uniform(), self.uniform()
        return mean + sd * math.sqrt(-2.0 * math.log(1.0 - u1)) * math.cos(2.0 * math.pi * u2)

    def choice(self, items, weights):
        x, acc = self.uniform() * sum(weights), 0.0
        for item, weight in zip(items, weights):
            acc += weight
            if x < acc:
                return item
        return items[-1]


def clamp(x, lo, hi):
    return max(lo, min(hi, x))


def main():
    rng = Lcg(20250101)
    out = sys.stdout
    out.write("age,annual_income,loan_amount,term_months,credit_score,employment_years,debt_to_income,home_ownership,defaulted\n")
    for _ in range(ROWS):
        age = int(clamp(round(rng.normal(41, 11)), 21, 75))
        employment = round(clamp(rng.normal((age - 21) * 0.45, 4.0), 0.0, age - 18), 1)
        income = round(clamp(rng.normal(38000 + 1400 * employment, 15000), 14000, 250000), -2)
        home = rng.choice(["rent", "mortgage", "own"], [0.45, 0.40, 0.15])
        credit = int(clamp(round(rng.normal(660 + 2.2 * employment, 60)), 350, 850))
        amount = round(clamp(rng.normal(0.28 * income, 0.12 * income), 1000, 60000), -2)
        term = 60 if rng.uniform() < 0.35 else 36
        dti = round(clamp(rng.normal(0.22 + 4.0 * amount / income / term, 0.09), 0.01, 0.95), 3)
        # Default risk: low credit score and high debt-to-income dominate.
        z = (-1.9 - 0.018 * (credit - 660) + 5.5 * (dti - 0.3) + 0.35 * (term == 60)
             - 0.03 * employment + 0.3 * (home == "rent"))
        defaulted = rng.uniform() < 1.0 / (1.0 + math.exp(-z))
        out.write(f"{age},{income:.0f},{amount:.0f},{term},{credit},{employment:.1f},{dti:.3f},{home},{'true' if defaulted else 'false'}\n")


if __name__ == "__main__":
    main()
