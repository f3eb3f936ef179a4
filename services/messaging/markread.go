package messaging

import (
	"context"
	"strconv"

	"github.com/partnerhub/partnerhub/ent"
	"github.com/partnerhub/partnerhub/ent/message"
	"github.com/partnerhub/partnerhub/services/storage"
)

// MarkRead is the Cloud API's mark-as-read ({"messaging_product":"whatsapp",
// "status":"read","message_id":"wamid.…"}): the received message, and every earlier one
// the same user sent the number, become read (the user sees blue ticks). Marking a
// message read again is no change and answers the same. A message id that is not a
// message this number received is Meta's code 100.
//
// Errors: whatsapp_invalid_parameter, whatsapp_parameter_missing, whatsapp_parameter_invalid,
// whatsapp_number_not_registered, not_found, internal.
func (s *Service) MarkRead(ctx context.Context, from Sender, r Request) (*ReadAnswer, error) {
	if err := checkProduct(r.MessagingProduct); err != nil {
		return nil, err
	}
	if r.Status != "read" {
		return nil, InvalidParameter("status must be read.")
	}
	if err := checkMessageID("message_id", r.MessageID); err != nil {
		return nil, err
	}
	sys, ch, err := s.channelOf(ctx, from)
	if err != nil {
		return nil, err
	}
	err = storage.WithTx(sys, s.db, func(tx *ent.Tx) error {
		db := tx.Client()
		m, err := db.Message.Query().Where(message.ID(r.MessageID), message.ChannelID(ch.ID),
			message.DirectionEQ(message.DirectionInbound)).Only(sys)
		if ent.IsNotFound(err) {
			return InvalidParameter("message_id " + strconv.Quote(r.MessageID) + " is not a message this number received.")
		}
		if err != nil {
			return err
		}
		now := s.clock.Now()
		// Conditional on the status read, so a message is marked read once.
		_, err = db.Message.Update().Where(message.ChannelID(ch.ID), message.WaID(m.WaID),
			message.DirectionEQ(message.DirectionInbound), message.StatusEQ(message.StatusReceived),
			message.CreatedAtLTE(m.CreatedAt)).
			SetStatus(message.StatusRead).SetReadAt(now).SetStatusAt(now).ClearNextStatusAt().Save(sys)
		return err
	})
	if err != nil {
		return nil, fromError(err)
	}
	return &ReadAnswer{Success: true}, nil
}
