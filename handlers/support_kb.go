package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/partnerhub/partnerhub/services/support"
)

// KBArticleList lists knowledge-base articles.
type KBArticleList struct {
	KBArticles []support.KBArticleView `json:"kb_articles"`
}

// listArticles godoc
//
//	@Summary      List knowledge-base articles (support staff)
//	@Description  Every article, published or not; requesters see published ones in the topic list.
//	@Tags         support
//	@Produce      json
//	@Param        topic  query     string  false  "Only this topic"
//	@Success      200    {object}  KBArticleList
//	@Failure      403    {object}  MetaEnvelope
//	@Failure      422    {object}  MetaEnvelope
//	@Router       /api/v2/support/kb_articles [get]
func (s *Server) listArticles(c *gin.Context) {
	out, err := s.hub.KnowledgeBase.Articles(c.Request.Context(), c.Query("topic"))
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, KBArticleList{KBArticles: out})
}

// createArticle godoc
//
//	@Summary      Add a knowledge-base article (platform admins)
//	@Tags         support
//	@Accept       json
//	@Produce      json
//	@Param        body  body      support.KBArticleRequest  true  "The article: topic and title required"
//	@Success      201   {object}  support.KBArticleView
//	@Failure      403   {object}  MetaEnvelope
//	@Failure      422   {object}  MetaEnvelope
//	@Router       /api/v2/support/kb_articles [post]
func (s *Server) createArticle(c *gin.Context) {
	var req support.KBArticleRequest
	if !bindJSON(c, &req) {
		return
	}
	out, err := s.hub.KnowledgeBase.CreateArticle(c.Request.Context(), req)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, out)
}

// updateArticle godoc
//
//	@Summary      Change a knowledge-base article (platform admins)
//	@Description  Only the fields sent change; "url": "" removes the link.
//	@Tags         support
//	@Accept       json
//	@Produce      json
//	@Param        article_id  path      string                    true  "Article id (…KB)"
//	@Param        body        body      support.KBArticleRequest  true  "Fields to change"
//	@Success      200         {object}  support.KBArticleView
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Failure      422         {object}  MetaEnvelope
//	@Router       /api/v2/support/kb_articles/{article_id} [patch]
func (s *Server) updateArticle(c *gin.Context) {
	var req support.KBArticleRequest
	if !bindJSON(c, &req) {
		return
	}
	out, err := s.hub.KnowledgeBase.UpdateArticle(c.Request.Context(), c.Param("article_id"), req)
	if err != nil {
		writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, out)
}

// deleteArticle godoc
//
//	@Summary      Delete a knowledge-base article (platform admins)
//	@Tags         support
//	@Produce      json
//	@Param        article_id  path      string  true  "Article id (…KB)"
//	@Success      200         {object}  MetaEnvelope
//	@Failure      403         {object}  MetaEnvelope
//	@Failure      404         {object}  MetaEnvelope
//	@Router       /api/v2/support/kb_articles/{article_id} [delete]
func (s *Server) deleteArticle(c *gin.Context) {
	if err := s.hub.KnowledgeBase.DeleteArticle(c.Request.Context(), c.Param("article_id")); err != nil {
		writeError(c, err)
		return
	}
	writeOK(c, "The article was deleted.")
}
