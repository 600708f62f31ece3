"""Make the dangji-2024 sample submissions in this folder (deterministic: a rerun gives the same bytes).

Run from a checkout with the project venv: ``.venv/bin/python rules/dangji-2024/samples/make_samples.py``.
The Word rendering is the one of ``samples/make_samples.py`` (the 三找 samples), imported from there.
What each file is meant to be judged is declared beside it below and written to ``expected.yaml``
(the same keys as ``samples/expected.yaml``); ``tests/test_dangji.py`` checks every verdict.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
_spec = importlib.util.spec_from_file_location("sanzhao_samples", REPO / "samples" / "make_samples.py")
assert _spec and _spec.loader
_base = importlib.util.module_from_spec(_spec)
sys.modules["sanzhao_samples"] = _base
_spec.loader.exec_module(_base)
H, P, Table, Sign, Doc, to_docx, iso_date = (_base.H, _base.P, _base.Table, _base.Sign, _base.Doc, _base.to_docx,
                                             _base.iso_date)

DISTRICT = "临江区"


def plan_yangguang() -> Doc:
    """Compliant: Word automatic numbering, the leader in a sentence, four dated stages."""
    s = f"{DISTRICT}阳光小学"
    return Doc(
        title=f"{s}党支部党纪学习教育实施方案",
        header=s,
        numbering="auto",
        blocks=[
            P("根据区教育工委的统一部署，结合我校实际，制定本方案。"),
            H(1, "总体要求"),
            P("我校现有党员教师31名，其中35岁以下青年党员12名。学习教育以新修订的《中国共产党纪律处分条例》为重点，"
              "引导党员教师学纪、知纪、明纪、守纪，把纪律要求落实到课堂教学、班级管理和家校沟通的每个环节。"),
            H(1, "组织领导"),
            P("学校成立党纪学习教育领导小组，由党支部书记赵国庆任组长，副校长孙丽任副组长，"
              "成员为各党小组长。领导小组办公室设在党建办，负责日常联络和材料收集。"),
            H(1, "学习内容"),
            H(2, "逐章逐条学习《条例》"),
            P("每个党小组每周集中学习一章，党员自学原文并做好笔记，支部书记结合学校实际作辅导。"),
            H(2, "联系师德规范学习"),
            P("把《条例》与《新时代中小学教师职业行为十项准则》结合起来，讨论有偿补课、收受礼品等身边问题。"),
            H(2, "开展警示教育"),
            P("组织观看警示教育片，剖析教育系统典型案例，以案促学、以案促改。"),
            H(1, "学习安排"),
            H(2, "动员部署阶段（2024年4月）"),
            P("召开党员大会进行动员，印发本方案，明确各党小组任务。"),
            H(2, "集中学习阶段（2024年4月—6月）"),
            P("举办读书班两期，书记讲专题党课，各党小组开展交流研讨。"),
            H(2, "检视整改阶段（2024年5月—7月）"),
            P("对照六项纪律逐条检视，形成检视问题清单，建立整改台账，逐项销号。"),
            H(2, "总结提升阶段（2024年7月）"),
            P("全面总结学习教育，完善党员日常教育管理制度，报送总结报告。"),
            H(1, "工作要求"),
            P("坚持学习与教学两不误，不搞层层加码，不以网上答题、抄写笔记代替学习。"),
            Sign([f"中共{s}支部委员会", "2024年4月15日"]),
        ],
    )


def plan_qingsong() -> Doc:
    """No 组长 (only a deputy), and the inspection stage has no dates."""
    s = f"{DISTRICT}青松小学"
    return Doc(
        title=f"{s}党纪学习教育工作方案",
        blocks=[
            H(1, "目标任务"),
            P("通过学习教育，使全体党员教师纪律意识明显增强，学校风清气正的氛围更加浓厚。"),
            H(1, "组织机构"),
            P("学校成立党纪学习教育工作小组，副组长：钱伟。各年级组长负责本组党员的学习。"),
            H(1, "主要内容"),
            P("组织党员逐章逐条学习《中国共产党纪律处分条例》，每人撰写学习体会。"),
            H(1, "时间安排"),
            P("（一）动员部署阶段（2024年4月）：召开动员会。"),
            P("（二）集中学习阶段（2024年4月至6月）：自学与集中学习相结合。"),
            P("（三）检视整改阶段：对照六项纪律查摆问题，形成问题清单。"),
            P("（四）总结提升阶段（2024年7月）：形成总结报告。"),
            H(1, "工作要求"),
            P("各党小组要高度重视，确保学习教育取得实效。"),
            Sign([f"{s}党支部", "2024年4月18日"]),
        ],
    )


LEDGER_HEAD = ["序号", "检视问题", "所属纪律", "整改措施", "整改责任人", "完成时限"]


def ledger_wutong() -> Doc:
    """Compliant ledger table with the campaign's own headers (检视问题, 所属纪律, 整改责任人), six disciplines."""
    s = f"{DISTRICT}梧桐小学"
    rows = [
        ["1", "少数党员对党的创新理论学习浅尝辄止，联系教学实际不够", "政治纪律", "每月开展一次专题研讨，书记点评", "周敏", "2024年6月"],
        ["2", "支部组织生活会批评与自我批评辣味不足", "组织纪律", "会前逐人谈心谈话，会上点名道姓提意见", "周敏", "2024年7月"],
        ["3", "个别教师教师节收受家长赠送的购物卡", "廉洁纪律", "责令退还，全体教师签订廉洁从教承诺书", "陈刚", "立行立改"],
        ["4", "对家长反映的校车接送问题回复不及时", "群众纪律", "建立家长诉求登记和三日回复制度", "陈刚", "2024年6月"],
        ["5", "集中学习时个别党员看手机、批改作业", "工作纪律", "学习期间手机统一存放，党小组长考勤", "吴磊", "2024年5月"],
        ["6", "个别党员业余时间沉迷网络游戏，影响第二天工作", "生活纪律", "支部书记谈心提醒，开展健康生活主题党日", "吴磊", "2024年6月"],
    ]
    return Doc(
        title=f"{s}党支部党纪学习教育检视问题清单",
        header=s,
        blocks=[P("对照政治纪律、组织纪律、廉洁纪律、群众纪律、工作纪律、生活纪律，支部班子和党员逐条检视，形成问题清单如下。"),
                Table(rows=[LEDGER_HEAD, *rows]),
                Sign([f"{s}党支部", "2024年6月24日"])],
    )


def ledger_liuhe() -> Doc:
    """牵头人/时间节点 headers; one row without an owner, one deadline only 长期坚持, one after the campaign;
    three disciplines only."""
    s = f"{DISTRICT}柳河小学"
    rows = [
        ["1", "个别党员上班时间迟到早退", "工作纪律", "严格考勤，每周公示", "刘洋", "2024年6月"],
        ["2", "少数教师周末在校外培训机构有偿补课", "廉洁纪律", "逐人排查，签订承诺书，公布举报电话", "", "2024年7月"],
        ["3", "学习制度执行时紧时松", "工作纪律", "修订学习考勤制度", "刘洋", "长期坚持"],
        ["4", "“三会一课”记录不规范，个别党课没有按时开展", "组织纪律", "支委会每月检查记录", "黄芳", "2024年9月"],
    ]
    return Doc(
        title=f"{s}党纪学习教育问题清单及整改台账",
        blocks=[Table(rows=[["序号", "问题表现", "所属纪律", "整改措施", "牵头人", "时间节点"], *rows]),
                Sign([f"{s}党支部", "2024年6月27日"])],
    )


def summary_yangguang() -> Doc:
    """Compliant summary report."""
    s = f"{DISTRICT}阳光小学"
    return Doc(
        title=f"{s}党支部党纪学习教育总结报告",
        header=s,
        blocks=[
            P("按照区教育工委的部署，我校党支部于2024年4月至7月开展了党纪学习教育，现将有关情况报告如下。"),
            H(1, "开展情况"),
            P("支部举办读书班两期，组织党员逐章逐条学习《中国共产党纪律处分条例》，书记讲专题党课一次。"),
            P("组织观看警示教育片两次，剖析教育系统典型案例三个，党员人均撰写心得体会两篇。"),
            P("对照六项纪律检视问题，支部班子查摆问题4条、党员个人查摆问题18条，已全部建立整改台账。"),
            H(1, "存在的问题和不足"),
            P("一是少数党员自学不够深入，满足于读原文、抄笔记，联系教学实际思考不够。"),
            P("二是个别党员教师参加集中学习时看手机，学习纪律有所松懈。"),
            P("三是个别教师对家长反映的问题回复不及时，家校沟通有待加强。"),
            H(1, "下一步打算"),
            P("支部将把党纪学习纳入“三会一课”，每季度开展一次警示教育，推动学习教育常态化长效化。"),
            Sign([f"中共{s}支部委员会", "2024年7月25日"]),
        ],
    )


def summary_baiyang() -> Doc:
    """Praise only: no section on problems and none on next steps."""
    s = f"{DISTRICT}白杨中学"
    return Doc(
        title=f"{s}党纪学习教育工作总结",
        blocks=[
            H(1, "主要做法"),
            P("学校举办读书班一期，组织党员学习《中国共产党纪律处分条例》，开展知识测试一次。"),
            H(1, "取得的成效"),
            P("通过学习教育，党员的纪律意识明显增强，学校风气进一步好转，家长满意度有所提高。"),
            Sign([f"{s}党支部", "2024年7月29日"]),
        ],
    )


def notice() -> Doc:
    """The bureau's notice (the pack's reference text) as it was sent out."""
    text = (HERE.parent / "reference" / "notice.txt").read_text(encoding="utf-8").strip().splitlines()
    title, body = text[0], [line for line in text[1:] if line.strip()]
    issuer, date = body[-2], body[-1]
    blocks: list = []
    for line in body[:-2]:
        if line[:2] in ("一、", "二、", "三、", "四、", "五、", "六、", "七、"):
            blocks.append(H(1, line[2:], label=line[:2]))
        else:
            blocks.append(P(line))
    return Doc(title=title, blocks=[*blocks, Sign([issuer, date])], author="临江区教育工委")


@dataclass
class Sample:
    path: str
    make: object
    school: str | None
    doc_type: str
    status: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    comment: str = ""
    also_ok: list[str] = field(default_factory=list)
    leader: str | None = None


def samples() -> list[Sample]:
    S = Sample
    return [
        S("临江区阳光小学党支部党纪学习教育实施方案.docx", plan_yangguang, "临江区阳光小学", "plan", "pass",
          comment="compliant; Word automatic numbering; 由…任组长; four dated stages", leader="赵国庆"),
        S("临江区青松小学党纪学习教育工作方案.docx", plan_qingsong, "临江区青松小学", "plan", "fail",
          errors=["plan-leader", "plan-stages"], warnings=["plan-warning-education"],
          comment="only a 副组长 (and 年级组长); 检视整改阶段 without dates; no warning education"),
        S("临江区梧桐小学党支部党纪学习教育检视问题清单.docx", ledger_wutong, "临江区梧桐小学", "rectification", "pass",
          comment="compliant table with the campaign's headers (检视问题, 所属纪律, 整改责任人); six disciplines; "
                  "one 立行立改", also_ok=["review"]),
        S("临江区柳河小学党纪学习教育问题清单及整改台账.docx", ledger_liuhe, "临江区柳河小学", "rectification", "fail",
          errors=["ledger-owner-deadline"], warnings=["ledger-deadline-window", "ledger-disciplines"],
          comment="headers 问题表现/所属纪律/牵头人/时间节点; a row without 牵头人; 长期坚持 and 2024年9月 as "
                  "deadlines; three disciplines only"),
        S("临江区阳光小学党支部党纪学习教育总结报告.docx", summary_yangguang, "临江区阳光小学", "summary", "pass",
          comment="compliant: 开展情况, 存在的问题和不足, 下一步打算; 《条例》 and 警示教育 reported",
          also_ok=["review"]),
        S("临江区白杨中学党纪学习教育工作总结.docx", summary_baiyang, "临江区白杨中学", "summary", "fail",
          errors=["summary-problems"], warnings=["summary-goals", "summary-study"],
          comment="praise only: no problems, no next steps, no warning education"),
        S("临江区教育工委关于在全区中小学校和幼儿园开展党纪学习教育的通知.docx", notice, None, "notice", "pass",
          warnings=["meta-school"], comment="the notice itself (reference/notice.txt); names no school"),
    ]


def write_expected(items: list[Sample]) -> None:
    files = {}
    for s in items:
        entry: dict = {"school": s.school, "doc_type": s.doc_type, "status": s.status, "errors": s.errors,
                       "warnings": s.warnings, "format": "docx", "comment": s.comment}
        if s.also_ok:
            entry["also_ok"] = s.also_ok
        doc = s.make()  # type: ignore[operator]
        signs = [b for b in doc.blocks if isinstance(b, Sign)]
        entry["date"] = iso_date(signs[-1].lines[-1]) if signs else None
        if s.leader:
            entry["leader"] = s.leader
        files[s.path] = entry
    head = ("# What each dangji-2024 sample is made to be judged. Generated by make_samples.py: edit there.\n"
            "# status: pass | fail | review | error; errors/warnings: rule stems (dangji-2024.<stem>) meant to\n"
            "# fail, every other rule is meant to pass; also_ok: other acceptable statuses (an uncertain\n"
            "# category sends a file to a reviewer).\n")
    body = yaml.safe_dump({"pack": "dangji-2024", "files": files}, allow_unicode=True, sort_keys=False, width=100)
    (HERE / "expected.yaml").write_text(head + body, encoding="utf-8")


def main() -> int:
    items = samples()
    for s in items:
        data = to_docx(s.make())  # type: ignore[operator]
        (HERE / s.path).write_bytes(data)
        print(f"{len(data):>9,}  {s.path}")
    write_expected(items)
    print(f"{len(items)} files and expected.yaml in {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
