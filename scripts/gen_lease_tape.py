#!/usr/bin/env python3
"""Write the deterministic illustrative lease tape used by sample_deals/data_empowered_leases.ron.

2,400 small financial leases to micro and small businesses (普惠), invented with a fixed
linear congruential generator so the file is identical on every run:
    python3 scripts/gen_lease_tape.py > sample_deals/data_empowered_leases_tape.csv
Larger tapes for scaling tests (N leases, terms up to MAX_TERM months):
    python3 scripts/gen_lease_tape.py 100000 360 > /tmp/tape_100k.csv
"""
import sys

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 2400
TERMS = [12, 18, 24, 30, 36] if len(sys.argv) < 3 else list(range(12, int(sys.argv[2]) + 1, 6))

state = 20251215


def rnd():
    global state
    state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
    return (state >> 11) / 2**53


CITIES = ["南宁", "柳州", "桂林", "梧州", "北海", "玉林", "百色", "贺州", "河池", "来宾"]
TRADES = ["物流", "农机", "餐饮", "医疗设备", "印刷", "制造", "冷链", "建材"]

print("id,obligor,asset_class,data_asset_role,balance,rate,remaining_term,amortisation")
for i in range(1, COUNT + 1):
    city = CITIES[int(rnd() * len(CITIES))]
    trade = TRADES[int(rnd() * len(TRADES))]
    balance = round(50_000 + rnd() * 450_000, 2)
    rate = round(0.075 + rnd() * 0.045, 4)
    term = TERMS[int(rnd() * len(TERMS))]
    amort = "LevelPayment" if rnd() < 0.85 else "EqualPrincipal"
    print(f"TS{i:05d},{city}{trade}商户{i:05d},FinancialLease,Empowering,{balance:.2f},{rate},{term},{amort}")
