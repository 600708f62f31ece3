"""Typed errors. An InputError is data about a file, never a crash of the run."""

from __future__ import annotations

from .model import FileError
from .names import one_line


class PapercheckError(Exception):
    """Base of every error papercheck raises on purpose."""


class InputError(PapercheckError):
    """A file could not be read. Subclasses say why, in Chinese and English."""

    kind = "unreadable"
    name_zh, name_en = "无法读取", "unreadable"  # the kind in a report column
    zh = "文件无法读取"
    en = "the file could not be read"
    advice = "请学校重新提交该文件"

    def __init__(self, path: str, detail: str = "") -> None:
        self.path = path
        self.detail = detail
        super().__init__(f"{path}: {self.en}" + (f" ({detail})" if detail else ""))

    def to_file_error(self) -> FileError:
        detail = one_line(self.detail)  # a library's message may quote a name with any bytes in it
        message = self.zh + (f"（{detail}）" if detail else "")
        en = self.en + (f" ({detail})" if detail else "")
        return FileError(kind=self.kind, message=message, message_en=en, advice=self.advice)


class CorruptFile(InputError):
    kind = "corrupt"
    name_zh, name_en = "文件损坏", "damaged"
    zh = "文件已损坏或不完整，无法打开"
    en = "the file is damaged or incomplete"
    advice = "请学校重新导出并提交完整的文件"


class EncryptedFile(InputError):
    kind = "encrypted"
    name_zh, name_en = "已加密", "encrypted"
    zh = "文件已加密（设置了密码），无法读取"
    en = "the file is password-protected"
    advice = "文件已加密，请学校提供未加密版本"


class EmptyFile(InputError):
    kind = "empty"
    name_zh, name_en = "空文件", "empty"
    zh = "文件是空的，没有可读的文字"
    en = "the file is empty"
    advice = "请学校确认后重新提交"


class UnsupportedFile(InputError):
    kind = "unsupported"
    name_zh, name_en = "格式不支持", "unsupported format"
    zh = "不支持的文件格式"
    en = "this file format is not supported"
    advice = "请提交 Word（.docx/.doc）、PDF 或文本文件"


class TooLargeFile(InputError):
    kind = "too_large"
    name_zh, name_en = "文件过大", "too large"
    zh = "文件过大或页数过多，超出处理上限"
    en = "the file is too large to process"
    # a cap of ours, not a fault of the school's: the administrator looks first
    advice = ("超出的是 papercheck 的处理上限（见原因），不一定是文件有问题：请管理员先打开文件看看；内存不够可用 --memory-limit "
              "调高后重新检查；确实过大的（如整本扫描件、超大图片）再请学校压缩或拆分")


class TooLargeToSend(TooLargeFile):
    """A cluster's workers do not see the file's folder, and the file is too large to send them."""

    advice = "不是学校的问题：请管理员把共享文件夹挂载到每台工作机的相同路径，或不用 --cluster 在本机检查"


class ReadTimeout(InputError):
    kind = "timeout"
    name_zh, name_en = "处理超时", "timed out"
    zh = "读取文件超时"
    en = "reading the file took too long"
    advice = "不一定是文件有问题：请管理员先打开文件看看，可用 --timeout 调高时限后重新检查（scan 下次会自动重试）；确有异常再请学校重新导出"


class ReaderCrashed(InputError):
    kind = "crashed"
    name_zh, name_en = "读取出错", "reader crashed"
    zh = "读取文件时处理程序意外退出"
    en = "the reader stopped unexpectedly on this file"
    advice = "不一定是文件有问题：请管理员先打开文件看看，再重新检查（scan 下次会自动重试）；确有异常再请学校重新导出"


class ToolMissing(InputError):
    """A system program a format needs (LibreOffice, Tesseract) is not installed."""

    kind = "tool_missing"
    name_zh, name_en = "缺少程序", "program missing"
    zh = "缺少处理该格式所需的程序"
    en = "a program needed for this format is not installed"
    advice = "请管理员安装所需程序（见 README）后重新检查"


class ServerError(InputError):
    """The server cannot read the file or folder (permissions): not the school's doing."""

    kind = "server"
    name_zh, name_en = "服务器无法读取", "server cannot read"
    zh = "服务器无法读取（没有读取权限）"
    en = "the server cannot read this (permission denied)"
    advice = "不是学校的问题：请管理员检查共享文件夹的权限，让运行 papercheck 的用户能读取它，然后重新检查"


class LinkNotFollowed(InputError):
    """A symbolic link papercheck does not follow (outside the checked folders, a loop, dangling)."""

    kind = "link"
    name_zh, name_en = "链接", "link"
    zh = "这是一个链接（快捷方式），没有读取它指向的内容"
    en = "a symbolic link; what it points to was not read"
    advice = "请学校提交文件本身而不是链接；管理员确认安全后可用 --follow-symlinks 读取指向检查文件夹以外的链接"


class ClusterError(PapercheckError):
    """``--cluster`` cannot be used: Dask not installed, no scheduler, no worker, or none with our versions."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


def kind_name(kind: str, lang: str = "zh") -> str:
    """A file error's kind in words (``encrypted`` → 已加密), for the reports' 类型 column and messages."""
    todo: list[type[InputError]] = [InputError]
    while todo:
        cls = todo.pop()
        if cls.__dict__.get("kind") == kind and "name_zh" in cls.__dict__:
            return cls.name_en if lang == "en" else cls.name_zh
        todo.extend(cls.__subclasses__())
    return kind


class RulePackError(PapercheckError):
    """A rule pack is broken; names file, line, key and the allowed values.

    ``problems`` holds every problem found, one line each (the message joins them).
    """

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems) if problems else [message]
