"""``laos-tip tier``, and machine output of trend, compare and tier without rich."""

from __future__ import annotations



from conftest import cli_json


def test_tier_shows_the_2024_watch_list():
    document = cli_json("tier", "--json")
    tiers = {t["report_year"]: t for t in document["tiers"]}
    assert tiers[2024]["placement"] == "Tier 2 Watch List"
    assert tiers[2024]["movement"] == "downgraded"
    assert tiers[2024]["source"] == "ecoi-tip-2024-laos"
    assert tiers[2022]["placement"] == tiers[2023]["placement"] == "Tier 2"
    assert {s["id"] for s in document["sources"]} == {
        *(f"refworld-tip-{y}-laos" for y in (2001, 2002, 2003, 2004, 2005, 2006, 2007, 2012, 2013, 2014, 2015)),
        "gvnet-tip-2009-laos", "khampoua-tip-2011-laos",
        "refworld-tip-2016-laos", "refworld-tip-2017-laos", "usdos-tip-2018-laos", "usdos-tip-2019-laos",
        "ecoi-tip-2020-laos", "ecoi-tip-2021-laos", "usdos-tip-2022-laos", "gvnet-tip-2023-laos", "ecoi-tip-2024-laos"}


def test_tier_table_in_process(invoke):
    result = invoke("tier")
    assert result.exit_code == 0
    row = next(line for line in result.output.splitlines() if "│ 2024 " in line)
    assert "Tier 2 Watch List" in row and "ecoi-tip-2024-laos" in row


def test_machine_output_of_new_commands_does_not_load_rich():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from laos_tip.cli.app import main\n"
        "for args in (['trend', 'arrests', '--json'], ['compare', '2023', '2024', '--format', 'csv'], ['tier', '--json']):\n"
        "    sys.argv = ['laos-tip', *args]\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit as end:\n"
        "        assert not end.code, end.code\n"
        "sys.stderr.write(str('rich' in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "False"
