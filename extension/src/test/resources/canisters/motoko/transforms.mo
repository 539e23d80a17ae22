// A canister's transforms as its team writes them, compiled by npm motoko 4.10.0 with classic persistence
// (wasm32) by ../build.sh. Each is a `canister_query <name>` export taking TransformArgs.
import Error "mo:core/Error";
import Nat "mo:core/Nat";
import Runtime "mo:core/Runtime";
import Text "mo:core/Text";

persistent actor {
  type HttpHeader = { name : Text; value : Text };
  type HttpRequestResult = { status : Nat; headers : [HttpHeader]; body : Blob };
  type TransformArgs = { response : HttpRequestResult; context : Blob };

  // Drops every header: what most outcall transforms do.
  public query func transform(args : TransformArgs) : async HttpRequestResult {
    { status = args.response.status; headers = []; body = args.response.body };
  };

  // Keeps the response as it came: replicas diverge when the server varies anything.
  public query func keep_everything(args : TransformArgs) : async HttpRequestResult {
    args.response;
  };

  // Replies with the context as the body: proves the context reaches the canister.
  public query func echo_context(args : TransformArgs) : async HttpRequestResult {
    { status = args.response.status; headers = []; body = args.context };
  };

  // Keeps only the digits after "price": in the JSON body.
  public query func price_only(args : TransformArgs) : async HttpRequestResult {
    let text = switch (Text.decodeUtf8(args.response.body)) {
      case (?t) t;
      case null throw Error.reject("body is not UTF-8");
    };
    var price = "";
    let parts = Text.split(text, #text "\"price\":");
    ignore parts.next();
    switch (parts.next()) {
      case (?rest) {
        label scan for (c in rest.chars()) {
          if ((c >= '0' and c <= '9') or c == '.') { price #= Text.fromChar(c) } else { break scan };
        };
      };
      case null throw Error.reject("no price in the body");
    };
    { status = args.response.status; headers = []; body = Text.encodeUtf8(price) };
  };

  // Rejects what is not a 200: msg_reject, code 4 on every replica.
  public query func reject_non_200(args : TransformArgs) : async HttpRequestResult {
    if (args.response.status != 200) {
      throw Error.reject("upstream answered " # Nat.toText(args.response.status));
    };
    { status = 200; headers = []; body = args.response.body };
  };

  // Traps: ic0.trap with this message.
  public query func explode(_args : TransformArgs) : async HttpRequestResult {
    Runtime.trap("transform failed on purpose");
  };

  // Never ends: the instruction limit stops it.
  public query func spin(args : TransformArgs) : async HttpRequestResult {
    var i = 0;
    while (i >= 0) { i += 1 };
    args.response;
  };
};
