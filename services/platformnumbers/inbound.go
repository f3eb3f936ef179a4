package platformnumbers

import (
	"context"
	"fmt"
	"strings"

	"github.com/partnerhub/partnerhub/services/messaging"
	"github.com/partnerhub/partnerhub/services/support"
	"github.com/partnerhub/partnerhub/services/tenancy"
)

// HandleInbound is the hook messaging calls for every inbound message once it committed:
// a message to the support number is filed by the support desk (a new whatsapp ticket or
// a reply to the user's open one); "START" to the sandbox number issues the writer a
// sandbox key and sends it to them. Messages to any other number are not the platform's.
//
// Errors: validation_failed, channel_not_running, not_found.
func (s *Service) HandleInbound(ctx context.Context, in messaging.Inbound) error {
	// Nobody signed in wrote this message: the hub reads its own numbers' settings and
	// acts for the WhatsApp user.
	sys := tenancy.AsSystem(ctx, tenancy.BackgroundJob)
	supportID, err := channelOf(sys, s.db, Support)
	if err != nil {
		return err
	}
	if supportID != "" && in.ChannelID == supportID {
		_, err := s.support.ReceiveWhatsApp(sys, support.WhatsAppMessage{WAID: in.WAID, ProfileName: in.ProfileName,
			Text: in.Text, At: in.At, PartnerID: in.PartnerID, ClientID: in.ClientID})
		return err
	}
	sandboxID, err := channelOf(sys, s.db, Sandbox)
	if err != nil {
		return err
	}
	if sandboxID != "" && in.ChannelID == sandboxID && IsStart(in.Text) {
		return s.sendSandboxKey(sys, sandboxID, in.WAID)
	}
	return nil
}

// IsStart reports whether a message asks the sandbox number for a key: "START", in any
// case, with nothing else but spaces around it.
func IsStart(text string) bool { return strings.EqualFold(strings.TrimSpace(text), "START") }

// sendSandboxKey issues waID a sandbox key of the sandbox number and sends it to them from
// that number, as the system. ctx is the system's.
//
// Errors: validation_failed, channel_not_running, not_found.
func (s *Service) sendSandboxKey(ctx context.Context, channelID, waID string) error {
	k, err := s.keys.IssueSandboxKey(ctx, channelID, waID)
	if err != nil {
		return err
	}
	_, err = s.messaging.Send(ctx, messaging.Sender{ChannelID: channelID},
		messaging.Request{MessagingProduct: "whatsapp", RecipientType: "individual", To: waID, Type: "text",
			Text: &messaging.Text{Body: SandboxKeyText(k.Plain, k.Address)}})
	if err != nil {
		return fmt.Errorf("sending the sandbox key to %s: %w", waID, err)
	}
	return nil
}

// SandboxKeyText is the WhatsApp message that brings a sandbox key to its owner.
func SandboxKeyText(key, address string) string {
	return fmt.Sprintf("Your PartnerHub sandbox API key:\n\n%s\n\n"+
		"Use it at %s with the header D360-API-KEY to send messages to this WhatsApp number (yours) — up to %d messages. "+
		"Writing START again gives you a new key and ends this one. Keep it secret: anyone with it can message you.",
		key, address, messaging.SandboxMessageLimit)
}
