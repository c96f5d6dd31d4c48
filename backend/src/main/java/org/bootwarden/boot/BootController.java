package org.bootwarden.boot;

import jakarta.servlet.http.HttpServletRequest;

import org.bootwarden.boot.BootService.AnswerPart;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The machine-facing endpoints (no login; the per-host token in the path instead) other than
 * the boot script itself, which {@link BootScriptFilter} answers. The controller only collects
 * what the client sent and writes text; {@link BootService} decides.
 */
@RestController
@RequestMapping("/boot/{hostId}/{token}")
class BootController {

    private static final MediaType TEXT = new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8);

    private final BootService boot;

    BootController(BootService boot) {
        this.boot = boot;
    }

    @GetMapping("/answer")
    ResponseEntity<String> answer(@PathVariable String hostId, @PathVariable String token, HttpServletRequest request) {
        return text(boot.answerFile(hostId, token, request.getRemoteAddr(), BootScriptFilter.requestBase(request), AnswerPart.ANSWER));
    }

    @GetMapping("/nocloud/{file}")
    ResponseEntity<String> nocloud(@PathVariable String hostId, @PathVariable String token, @PathVariable String file,
            HttpServletRequest request) {
        AnswerPart part = switch (file) {
            case "user-data" -> AnswerPart.USER_DATA;
            case "meta-data" -> AnswerPart.META_DATA;
            case "vendor-data" -> AnswerPart.VENDOR_DATA;
            default -> throw new BootService.Refused(404, "nocloud serves user-data, meta-data and vendor-data only");
        };
        return text(boot.answerFile(hostId, token, request.getRemoteAddr(), BootScriptFilter.requestBase(request), part));
    }

    /** GET as well as POST: iPXE scripts and some installers' tools can only GET. */
    @RequestMapping(path = "/installed", method = {RequestMethod.GET, RequestMethod.POST})
    ResponseEntity<String> installed(@PathVariable String hostId, @PathVariable String token, HttpServletRequest request) {
        return text(boot.installed(hostId, token, request.getRemoteAddr()));
    }

    @RequestMapping(path = "/failed", method = {RequestMethod.GET, RequestMethod.POST})
    ResponseEntity<String> failed(@PathVariable String hostId, @PathVariable String token,
            @RequestParam(required = false) String reason, HttpServletRequest request) {
        return text(boot.failed(hostId, token, request.getRemoteAddr(), reason));
    }

    @ExceptionHandler(BootService.Refused.class)
    ResponseEntity<ProblemDetail> refused(BootService.Refused e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(e.status), e.getMessage());
        p.setTitle(e.status == 403 ? "Forbidden" : e.status == 409 ? "Conflict" : HttpStatus.valueOf(e.status).getReasonPhrase());
        return ResponseEntity.status(e.status).cacheControl(CacheControl.noStore())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    private static ResponseEntity<String> text(String body) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(TEXT).body(body);
    }
}
