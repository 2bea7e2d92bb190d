#include "read/office/xml_stream.h"

#include <expat.h>

#include <memory>
#include <string>

namespace mamori::read::office {
namespace {

struct ParserDeleter {
  void operator()(XML_ParserStruct* parser) const { XML_ParserFree(parser); }
};

struct ParseState {
  XML_Parser parser = nullptr;
  XmlHandler* handler = nullptr;
  bool handler_stopped = false;
  bool doctype = false;
};

void Stop(ParseState& state) { XML_StopParser(state.parser, XML_FALSE); }

void XMLCALL StartElement(void* data, const XML_Char* name, const XML_Char** attributes) {
  auto& state = *static_cast<ParseState*>(data);
  if (!state.handler->OnStart(LocalName(name), Attributes(attributes))) {
    state.handler_stopped = true;
    Stop(state);
  }
}

void XMLCALL EndElement(void* data, const XML_Char* name) {
  auto& state = *static_cast<ParseState*>(data);
  if (!state.handler->OnEnd(LocalName(name))) {
    state.handler_stopped = true;
    Stop(state);
  }
}

void XMLCALL CharacterData(void* data, const XML_Char* text, int length) {
  auto& state = *static_cast<ParseState*>(data);
  if (!state.handler->OnText(std::string_view(text, static_cast<size_t>(length)))) {
    state.handler_stopped = true;
    Stop(state);
  }
}

void XMLCALL StartDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  auto& state = *static_cast<ParseState*>(data);
  state.doctype = true;
  Stop(state);
}

}  // namespace

std::string_view LocalName(std::string_view qualified) {
  const size_t colon = qualified.rfind(':');
  return colon == std::string_view::npos ? qualified : qualified.substr(colon + 1);
}

std::optional<std::string_view> Attributes::Get(std::string_view local) const {
  for (const char** at = raw_; at[0] != nullptr; at += 2) {
    if (LocalName(at[0]) == local) return std::string_view(at[1]);
  }
  return std::nullopt;
}

std::optional<std::string_view> Attributes::GetPrefixed(std::string_view local) const {
  for (const char** at = raw_; at[0] != nullptr; at += 2) {
    const std::string_view name(at[0]);
    if (name.find(':') != std::string_view::npos && LocalName(name) == local) {
      return std::string_view(at[1]);
    }
  }
  return std::nullopt;
}

Status ParseMember(zip::ZipArchive& zip, const zip::Entry& entry, XmlHandler& handler) {
  std::unique_ptr<XML_ParserStruct, ParserDeleter> parser(XML_ParserCreate(nullptr));
  if (parser == nullptr) return MakeError(ErrorCode::kIo, "out of memory");
  ParseState state;
  state.parser = parser.get();
  state.handler = &handler;
  XML_SetUserData(parser.get(), &state);
  XML_SetElementHandler(parser.get(), StartElement, EndElement);
  XML_SetCharacterDataHandler(parser.get(), CharacterData);
  XML_SetStartDoctypeDeclHandler(parser.get(), StartDoctype);

  auto failure = [&]() -> Status {
    if (state.doctype) {
      return MakeError(ErrorCode::kCorrupt, entry.name + ": document type declaration refused");
    }
    return MakeError(ErrorCode::kCorrupt,
                     entry.name + ": broken XML at line " +
                         std::to_string(XML_GetCurrentLineNumber(parser.get())) + ": " +
                         XML_ErrorString(XML_GetErrorCode(parser.get())));
  };
  // A sentinel error ends the member's read early once the parse has stopped.
  bool stopped = false;
  Status read = zip.ReadMember(entry, [&](std::string_view chunk) -> Status {
    if (XML_Parse(parser.get(), chunk.data(), static_cast<int>(chunk.size()), XML_FALSE) ==
        XML_STATUS_ERROR) {
      stopped = true;
      if (state.handler_stopped) return MakeError(ErrorCode::kInvalidArgument, "stopped");
      return failure();
    }
    return Ok();
  });
  if (stopped) return state.handler_stopped ? Ok() : read;
  if (!read) return read;
  if (XML_Parse(parser.get(), nullptr, 0, XML_TRUE) == XML_STATUS_ERROR) {
    return state.handler_stopped ? Ok() : failure();
  }
  return Ok();
}

}  // namespace mamori::read::office
