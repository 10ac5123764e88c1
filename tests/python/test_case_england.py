"""England's national model: every count checked against an independent pandas reading of the
raw files, and an assumption that moves a printed result, in the module and in the notebook."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import ROOT, load_example

DATA = ROOT.parent / "shared" / "data" / "nhs"
pytestmark = pytest.mark.skipif(not DATA.exists(), reason=f"NHS data not found at {DATA}")

case = load_example("england_case")


@pytest.fixture(scope="module")
def built():
    m = case.build()
    return m, case.findings(m)


@pytest.fixture(scope="module")
def raw():
    """The files read with pandas alone: active GP practices (code -> CCG), list sizes, and
    the network sheets."""
    ods = pd.read_csv(DATA / "epraccur-2019.csv", header=None, dtype=str)
    active = ods[(ods[12] == "A") & (ods[25] == "4")].set_index(0)[14]
    sizes = pd.read_csv(DATA / "gp-reg-pat-prac-all-2021-01.csv", dtype={"CODE": str}
                        ).set_index("CODE").NUMBER_OF_PATIENTS
    sheets = pd.read_excel(DATA / "ePCN-2019-12.xlsx", sheet_name=None, dtype=str)
    details = sheets["PCN Details"]
    partners = sheets["PCN Core Partner Details"]
    partners = partners[partners["Partner Organisation Code"].isin(active.index)]
    return active, sizes, details, partners


def pcn_sizes(active, sizes, partners) -> pd.Series:
    known = sizes.reindex(active.index)
    return partners.groupby("PCN Code")["Partner Organisation Code"].apply(
        lambda s: int(known[list(s)].sum()))


def test_counts(built, raw):
    _, f = built
    active, sizes, details, partners = raw
    c = f["counts"]["count"]
    assert f["practices"] == c["active GP practices"] == len(active) == 6830
    assert f["commissioners"] == active.nunique() == 191
    assert c["primary care networks"] == len(details) == 1250
    assert f["patients"] == int(sizes.reindex(active.index).sum())
    missing = sorted(active.index[~active.index.isin(sizes.index)])
    assert f["without_list_size"] == missing and len(missing) == 194
    alone = set(active.index) - set(partners["Partner Organisation Code"])
    assert set(f["no_network"].code) == alone and len(alone) == 118
    assert c["practices in a network"] == partners["Partner Organisation Code"].nunique()


def test_network_sizes_against_the_guidance(built, raw):
    _, f = built
    expected = pcn_sizes(*raw[:2], raw[3])
    got = f["networks"].set_index("network").patients
    assert got[expected.index].to_dict() == expected.to_dict()
    lo, hi = case.ASSUMPTIONS["guidance"]
    sized = got.reindex(raw[2]["PCN Code"]).fillna(0)
    assert f["bands"]["below"] == (sized < lo).sum()
    assert f["bands"]["above"] == (sized > hi).sum()
    assert f["bands"].sum() == len(raw[2])
    assert f["sizes"].networks.sum() == (f["networks"].practices > 0).sum()


def test_networks_across_commissioner_boundaries(built, raw):
    _, f = built
    active, _, details, partners = raw
    ccg = partners["Partner Organisation Code"].map(active)
    spans = ccg.groupby(partners["PCN Code"]).nunique()
    assert set(f["crossing"].network) == set(spans.index[spans > 1])
    lead = details.set_index("PCN Code")["Current Clinical Commissioning Group Code"]
    outside = partners[ccg != partners["PCN Code"].map(lead)]
    assert len(f["members_outside_lead"]) == len(outside) == 30
    assert set(f["members_outside_lead"].practice) == set(outside["Partner Organisation Code"])


def test_the_picture_holds_a_network_its_practices_and_their_commissioners(built, raw):
    m, f = built
    active, _, _, partners = raw
    pcn = f["crossing"].network.iloc[0]
    ids = case.picture(m, pcn, as_of=case.ASSUMPTIONS["as_of"])
    members = set(partners["Partner Organisation Code"][partners["PCN Code"] == pcn])
    assert members <= set(ids) and pcn in ids
    assert set(active[sorted(members)]) <= set(ids)
    assert "<svg" in case.gg.display.to_svg(m, nodes=ids)


def test_the_reference_date_moves_the_counts(built):
    m, f = built
    early = case.findings(m, {"as_of": "2019-11-01"})
    assert early["counts"]["count"]["primary care networks"] < f["counts"]["count"][
        "primary care networks"]
    none = case.findings(m, {"as_of": "2019-09-30"})
    assert none["counts"]["count"]["primary care networks"] == 0


def test_the_notebook_moves_with_its_assumptions_cell(raw):
    pytest.importorskip("nbclient")
    from test_notebooks import edit_assumptions, outputs, run

    lower = edit_assumptions(('"guidance": (30_000, 50_000)', '"guidance": (25_000, 50_000)'))
    nb = run(ROOT / "examples" / "notebooks" / "england.ipynb", lower)
    text = "".join(outputs(nb, "text"))
    found = re.search(r"Finding: of 1,250 networks, (\d+) \([\d.]+%\) are below 25,000", text)
    assert found, text[:2000]
    sizes = pcn_sizes(*raw[:2], raw[3]).reindex(raw[2]["PCN Code"]).fillna(0)
    assert int(found.group(1)) == (sizes < 25_000).sum() != (sizes < 30_000).sum()
    assert outputs(nb, "text/html")
    assert any("<svg" in s for s in outputs(nb, "image/svg+xml"))
    assert "Finding: 2 networks have member practices in more than one ICB" in text
    assert "Finding: 504 practices active in 2019 are not active GP practices in 2023" in text


# -- the ICB era (issue 15) -------------------------------------------------------------------

DAY = case.ASSUMPTIONS["as_of_icb"].replace("-", "")


@pytest.fixture(scope="module")
def built_icb(built):
    m23 = case.build_icb()
    return m23, case.findings_icb(m23), case.changes(built[0], m23)


@pytest.fixture(scope="module")
def raw_icb():
    """The 2023 files with pandas alone: active GP practices of the lookup's ICBs (code ->
    ICB, code -> sub-ICB location), the open networks and their memberships in force."""
    ods = pd.read_csv(DATA / "epraccur-2023-12.csv", header=None, dtype=str)
    icbs = set(pd.read_excel(DATA / "subicb-icb-lookup-2022-07.xlsx", dtype=str)
               ["ICB Code"].dropna())
    active = ods[(ods[12] == "A") & (ods[25] == "4")].set_index(0)
    sheets = pd.read_excel(DATA / "ePCN-2023-01.xlsx", sheet_name=None, dtype=str)
    details = sheets["PCNDetails"]
    details = details[details["Close Date"].isna() | (details["Close Date"] > DAY)]
    partners = sheets["PCN Core Partner Details"]
    partners.columns = [" ".join(c.split()) for c in partners.columns]
    end = partners["Practice to PCN Relationship End Date"]
    partners = partners[(end.isna() | (end > DAY))
                        & partners["PCN Code"].isin(details["PCN Code"])]
    return active, icbs, details, partners


def test_icb_counts(built_icb, raw_icb):
    _, f, _ = built_icb
    active, icbs, details, partners = raw_icb
    assert len(icbs) == 42
    england = active[active[3].isin(icbs)]
    assert f["practices"] == len(england) == 6348
    assert f["icbs"] == england[3].nunique() == 42
    assert len(f["networks"]) == len(details) == 1264
    members = partners[partners["Partner Organisation Code"].isin(england.index)]
    c = f["counts"]["count"]
    assert c["practices in a network"] == members["Partner Organisation Code"].nunique()


def test_icb_network_sizes_and_crossings(built_icb, raw_icb):
    _, f, _ = built_icb
    active, icbs, _, partners = raw_icb
    england = active[active[3].isin(icbs)]
    sizes = pd.read_csv(DATA / "gp-reg-pat-prac-all-2021-01.csv", dtype={"CODE": str}
                        ).set_index("CODE").NUMBER_OF_PATIENTS
    members = partners[partners["Partner Organisation Code"].isin(england.index)]
    code = members["Partner Organisation Code"]
    expected = code.groupby(members["PCN Code"]).apply(
        lambda s: int(sizes.reindex(list(s)).sum()))
    got = f["networks"].set_index("network").patients
    assert got[expected.index].to_dict() == expected.to_dict()
    assert f["bands"]["below"] == (got < 30_000).sum()
    spans = code.map(england[3]).groupby(members["PCN Code"]).nunique()
    assert set(f["crossing"].network) == set(spans.index[spans > 1])
    assert len(f["crossing"]) == 2
    flag = members[members["Practice Sub ICB Loc and PCN Sub ICB Loc Match"].str.strip()
                   .str.lower() == "false"]
    assert sorted(f["flagged"].practice) == sorted(flag["Partner Organisation Code"])
    assert len(flag) == 15


def test_practices_and_networks_gone_by_2023(built_icb, raw, raw_icb):
    _, _, ch = built_icb
    active19 = raw[0]
    england = raw_icb[0][raw_icb[0][3].isin(raw_icb[1])]
    gone = set(active19.index) - set(england.index)
    assert set(ch["practices"].code) == gone and len(gone) == 504
    succ = pd.read_csv(DATA / "succ-2026.csv", header=None, dtype=str)
    merged = gone & set(succ[0])
    assert set(ch["practices"].code[ch["practices"].fate == "merged"]) == merged
    # the others as the 2023 extract has them: status C closed, D dormant (found in review)
    ods = pd.read_csv(DATA / "epraccur-2023-12.csv", header=None, dtype=str).set_index(0)
    status = ods[12].reindex(sorted(gone - merged))
    fate = ch["practices"].set_index("code").fate
    assert set(fate[fate == "closed"].index) == set(status.index[status == "C"])
    assert set(fate[fate == "dormant"].index) == set(status.index[status == "D"])
    assert (fate == "closed").sum() == 308 and (fate == "dormant").sum() == 196
    assert len(fate) == len(gone)
    nets = set(raw[2]["PCN Code"]) - set(raw_icb[2]["PCN Code"])
    assert set(ch["networks"].code) == nets
    assert set(ch["networks"].code[ch["networks"].fate == "merged"]) == nets & set(succ[0])
    assert len(ch["new_practices"]) == len(set(england.index) - set(active19.index))


def test_the_icb_picture_reaches_the_icbs(built_icb, raw_icb):
    m23, f, _ = built_icb
    pcn = f["crossing"].network.iloc[0]
    ids = case.picture_icb(m23, pcn, as_of=case.ASSUMPTIONS["as_of_icb"])
    assert set(f["crossing"].iloc[0].member_icbs.split(", ")) <= set(ids)
    assert "<svg" in case.size_chart({"2023": f["sizes"]}, case.ASSUMPTIONS["guidance"])
